using System.Net;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DqPlatform.Api.Tests.Identity.OidcSession;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>
/// What a provider is trusted for: only the organizations listed for it (sign-in and invitations), roles a person set
/// kept against groups, and only verified addresses stored for invitations to match.
/// </summary>
public sealed partial class OidcSignInTests
{
    [Fact]
    public async Task OrganizationNotListedForProvider_IsRefusedLikeUnknown_AndNobodyIsCreated()
    {
        var unlisted = await OrganizationAsync(api, allowed: false);
        var subject = Subject();

        var (response, body) = await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(unlisted.Slug, ["dq-editors"])), WorkspaceQuery);
        var (_, unknown) = await SendAsync(api, api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims("no-such-org", ["dq-editors"])), WorkspaceQuery);

        Assert.Equal((HttpStatusCode.Forbidden, "UNKNOWN_ORGANIZATION"), (response.StatusCode, CodeOf(body)));
        // The same words whether the organization exists or not: a token cannot probe slugs.
        Assert.Equal(MessageOf(unknown), MessageOf(body));
        Assert.DoesNotContain(unlisted.Slug, MessageOf(body), StringComparison.Ordinal);
        Assert.Equal(0, await UsersWithSubjectAsync(subject));
        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.OrganizationMembers.AnyAsync(m => m.OrganizationId == unlisted.Id));
    }

    [Fact]
    public async Task ProviderWithoutOrganizations_ProvisionsIntoNone()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        var identity = new SignedInIdentity("listless", api.Main.Authority, subject, null, false, null, org.Slug, [], DateTimeOffset.UtcNow.AddHours(1));
        var provisioning = api.Services.GetRequiredService<UserProvisioning>();

        var refused = await Assert.ThrowsAsync<UnknownOrganizationException>(() =>
            provisioning.SignInAsync(identity, new IdentityProviderOptions { Authority = "https://listless.invalid", Audience = "x" }, CancellationToken.None));

        Assert.Equal("UNKNOWN_ORGANIZATION", refused.Code);
        Assert.Equal(0, await UsersWithSubjectAsync(subject));
    }

    [Fact]
    public async Task InvitationIntoOrganizationNotListedForProvider_IsNotClaimed()
    {
        var mine = await OrganizationAsync(api);
        var theirs = await OrganizationAsync(api, allowed: false);
        var email = $"inv-{Guid.NewGuid():N}@example.com";
        Guid invitedId;
        await using (var db = api.Database.CreateDqContext())
        {
            var invited = new User { Issuer = Invitations.Issuer, ExternalId = email, Email = email };
            db.Users.Add(invited);
            await db.SaveChangesAsync();
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = theirs.Id, UserId = invited.Id });
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = theirs.Workspaces[0], UserId = invited.Id, Role = "admin" });
            await db.SaveChangesAsync();
            invitedId = invited.Id;
        }

        var subject = Subject();
        // A verified address, and an organization the provider may sign people into: still not the invitation's organization.
        AssertNoErrors((await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(mine.Slug, ["dq-viewers"], email, emailVerified: true)), WorkspaceQuery)).Body);

        await using var check = api.Database.CreateDqContext();
        var invitation = await check.Users.SingleAsync(u => u.Id == invitedId);
        Assert.Equal((Invitations.Issuer, email), (invitation.Issuer, invitation.ExternalId));
        Assert.NotEqual(invitedId, await check.Users.Where(u => u.ExternalId == subject).Select(u => u.Id).SingleAsync());
    }

    [Fact]
    public async Task ClearedOrganizationRole_StaysClearedAtNextSignIn()
    {
        var org = await OrganizationAsync(api);
        var ownerSubject = Subject();
        var admin = api.Second.Mint(ownerSubject, OidcApiFactory.SecondAudience, Claims(org.Slug, ["Admins"], orgClaim: "tenant", groupsClaim: "roles"));
        AssertNoErrors((await SendAsync(api, admin, WorkspaceQuery)).Body);
        await using (var db = api.Database.CreateDqContext())
        {
            // Organization roles are the owner's to set.
            await db.OrganizationMembers.Where(m => m.User!.ExternalId == ownerSubject)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Roles.Owner).SetProperty(m => m.Source, MembershipSource.Manual));
        }

        var subject = Subject();
        var editor = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-editors"]));
        AssertNoErrors((await SendAsync(api, editor, WorkspaceQuery)).Body);
        Guid userId;
        await using (var db = api.Database.CreateDqContext())
        {
            userId = await db.Users.Where(u => u.ExternalId == subject).Select(u => u.Id).SingleAsync();
        }

        // The owner's new role reaches their cached access within seconds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        System.Text.Json.JsonElement cleared;
        while (true)
        {
            (_, cleared) = await SendAsync(api, admin, "mutation($u: ID!) { setOrganizationRole(userId: $u, role: null) { role } }",
                variables: new { u = GlobalId.Encode("User", userId) });
            if (CodeOf(cleared) != "FORBIDDEN" || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        AssertNoErrors(cleared);

        // A new token (not the cached sign-in) with the same groups: provisioning runs again.
        AssertNoErrors((await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-editors"])), "{ me { id } }")).Body);

        await using var check = api.Database.CreateDqContext();
        var member = await check.OrganizationMembers.SingleAsync(m => m.UserId == userId && m.OrganizationId == org.Id);
        Assert.Equal((null, MembershipSource.Manual), (member.Role, member.Source));
    }

    [Fact]
    public async Task FirstSignInWithoutMappedGroup_IsClaimsMembership_LaterGroupsGiveRole()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug)), WorkspaceQuery);
        await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"])), WorkspaceQuery);

        await using var db = api.Database.CreateDqContext();
        var member = await db.OrganizationMembers.SingleAsync(m => m.User!.ExternalId == subject);
        Assert.Equal(("viewer", MembershipSource.Claims), (member.Role, member.Source));
    }

    [Fact]
    public async Task UnverifiedEmail_IsNotStored_SoAnInvitationDoesNotMatchIt()
    {
        var org = await OrganizationAsync(api);
        var admin = api.Second.Mint(Subject(), OidcApiFactory.SecondAudience, Claims(org.Slug, ["Admins"], orgClaim: "tenant", groupsClaim: "roles"));
        var email = $"victim-{Guid.NewGuid():N}@example.com";
        var squatter = Subject();
        AssertNoErrors((await SendAsync(api, api.Main.Mint(squatter, OidcApiFactory.Audience, Claims(org.Slug, email: email, emailVerified: false)), "{ me { id } }")).Body);

        var (_, invited) = await SendAsync(api, admin, "mutation($e: String!) { inviteMember(email: $e, role: \"editor\") { role } }", variables: new { e = email });
        AssertNoErrors(invited);

        await using var db = api.Database.CreateDqContext();
        Assert.Null(await db.Users.Where(u => u.ExternalId == squatter).Select(u => u.Email).SingleAsync());
        Assert.False(await db.WorkspaceMembers.AnyAsync(m => m.User!.ExternalId == squatter));
        Assert.True(await db.WorkspaceMembers.AnyAsync(m => m.User!.Issuer == Invitations.Issuer && m.User.ExternalId == email && m.WorkspaceId == org.Workspaces[0]));
    }

    [Fact]
    public async Task OverlongClaims_AreInvalidTokens_OrAShortenedName_NeverAServerError()
    {
        var org = await OrganizationAsync(api);
        var longSubject = "s" + new string('x', 255);
        var (subjectResponse, subjectBody) = await SendAsync(api, api.Main.Mint(longSubject, OidcApiFactory.Audience, Claims(org.Slug)), WorkspaceQuery);
        var longEmail = new string('e', 320) + "@example.com";
        var (emailResponse, emailBody) = await SendAsync(api, api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(org.Slug, email: longEmail, emailVerified: true)), WorkspaceQuery);
        var named = Subject();
        var nameClaims = Claims(org.Slug, ["dq-viewers"]);
        nameClaims["name"] = new string('n', 300);
        var (_, nameBody) = await SendAsync(api, api.Main.Mint(named, OidcApiFactory.Audience, nameClaims), WorkspaceQuery);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (subjectResponse.StatusCode, CodeOf(subjectBody)));
        Assert.Contains("invalid_token", subjectResponse.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (emailResponse.StatusCode, CodeOf(emailBody)));
        AssertNoErrors(nameBody);
        await using var db = api.Database.CreateDqContext();
        Assert.Equal(255, (await db.Users.Where(u => u.ExternalId == named).Select(u => u.Name).SingleAsync())!.Length);
    }

    [Fact]
    public async Task TwoProvidersWithOneAuthority_RefuseToStart()
    {
        await using var twice = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Dqp:Identity:Providers:again:Authority", api.Main.Authority + "/");
            b.UseSetting("Dqp:Identity:Providers:again:Audience", "other");
        });

        var failure = Assert.ThrowsAny<Exception>(() => twice.CreateClient());

        Assert.Contains("same Authority", failure.ToString(), StringComparison.Ordinal);
    }

    private static string MessageOf(System.Text.Json.JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString()!;
}

public sealed partial class OidcSignInTests
{
    [Fact]
    public async Task ProviderUnreachableAtFirstFetch_Is503WithRetryAfter_AndTheFailureIsRememberedForTheInterval()
    {
        // A port that accepts connections and never answers: each discovery fetch would wait for the client's timeout.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var authority = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await using var down = api.WithWebHostBuilder(b =>
        {
            b.UseSetting("Dqp:Identity:Providers:down:Authority", authority);
            b.UseSetting("Dqp:Identity:Providers:down:Audience", "down");
            b.UseSetting("Dqp:Identity:Providers:down:RequireHttpsMetadata", "false");
            b.UseSetting("Dqp:Identity:Providers:down:RefreshInterval", "01:00:00");
        });
        string Token() => api.Stranger.Mint(Subject(), "down", Claims("any"), issuer: authority);
        using var http = down.CreateClient();
        async Task<HttpResponseMessage> SendAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query = WorkspaceQuery }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(request);
        }

        using var first = await SendAsync(Token());
        var later = System.Diagnostics.Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var again = await SendAsync(Token());
            statuses.Add(again.StatusCode);
            Assert.Equal("SERVICE_UNAVAILABLE", CodeOf(System.Text.Json.JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        // Five new tokens do not wait five fetch timeouts (10 s each): the failure is remembered.
        Assert.True(later.Elapsed < TimeSpan.FromSeconds(8), $"took {later.Elapsed}");
    }
}
