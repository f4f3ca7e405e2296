using System.Net;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Identity.OidcSession;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>
/// Sign-in with an OpenID Connect provider over HTTP, against real issuers serving discovery and JWKS: what is
/// validated, how a first sign-in provisions the user, how groups become roles and how a workspace is chosen.
/// </summary>
public sealed partial class OidcSignInTests(OidcApiFactory api) : IClassFixture<OidcApiFactory>
{
    private const string WorkspaceQuery = "{ workspace { id name } }";

    private static string Subject() => "sub-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<int> UsersWithSubjectAsync(string subject)
    {
        await using var db = api.Database.CreateDqContext();
        return await db.Users.CountAsync(u => u.ExternalId == subject);
    }

    [Fact]
    public async Task ValidToken_ProvisionsUnknownUserIntoOrganizationOfClaim_WithGroupRole()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        var token = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers", "unmapped"], "Ann@Example.com", emailVerified: true));

        var (response, body) = await SendAsync(api, token, WorkspaceQuery);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(org.Slug + "-ws0", body.GetProperty("data").GetProperty("workspace").GetProperty("name").GetString());
        await using var db = api.Database.CreateDqContext();
        var user = await db.Users.SingleAsync(u => u.ExternalId == subject);
        Assert.Equal((api.Main.Authority, "Ann@Example.com"), (user.Issuer, user.Email));
        Assert.NotNull(user.LastSignInAt);
        var member = await db.OrganizationMembers.SingleAsync(m => m.UserId == user.Id);
        Assert.Equal((org.Id, "viewer", MembershipSource.Claims), (member.OrganizationId, member.Role, member.Source));
    }

    [Fact]
    public async Task InvalidTokens_Are401InvalidToken_AndProvisionNobody()
    {
        var org = await OrganizationAsync(api);
        var claims = Claims(org.Slug, ["dq-editors"]);
        var valid = api.Main.Mint(Subject(), OidcApiFactory.Audience, claims);
        var parts = valid.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var cases = new Dictionary<string, (string Token, string Subject)>();
        void Add(string name, Func<string, string> mint)
        {
            var subject = Subject();
            cases[name] = (mint(subject), subject);
        }

        Add("expired", s => api.Main.Mint(s, OidcApiFactory.Audience, claims, lifetime: TimeSpan.FromMinutes(-5)));
        Add("wrong audience", s => api.Main.Mint(s, "someone-else", claims));
        Add("audience of the other provider", s => api.Main.Mint(s, OidcApiFactory.SecondAudience, claims));
        Add("unconfigured issuer", s => api.Stranger.Mint(s, OidcApiFactory.Audience, claims));
        Add("configured issuer, stranger's key", s => api.Stranger.Mint(s, OidcApiFactory.Audience, claims, issuer: api.Main.Authority));
        Add("configured issuer, stranger's key under the real kid", s => api.Stranger.Mint(s, OidcApiFactory.Audience, claims, issuer: api.Main.Authority, keyId: api.Main.KeyId));
        Add("alg none", s => api.Main.MintUnsigned(s, OidcApiFactory.Audience, claims));
        Add("HS256 keyed with the public key", s => api.Main.MintWithPublicKeyHmac(s, OidcApiFactory.Audience, claims));
        cases["three parts of garbage"] = ("abc.def.ghi", "none");
        cases["tampered signature"] = (string.Join('.', parts[0], parts[1], new string(signature)), "none");
        cases["tampered payload"] = (string.Join('.', parts[0], Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            System.Text.Json.JsonSerializer.Serialize(new { sub = "forged", iss = api.Main.Authority, aud = OidcApiFactory.Audience, org = org.Slug, exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() })), parts[2]), "forged");

        foreach (var (name, (token, subject)) in cases)
        {
            var (response, body) = await SendAsync(api, token, WorkspaceQuery);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("UNAUTHENTICATED", CodeOf(body));
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, await UsersWithSubjectAsync(subject));
        }

        // The untampered token, for contrast: the refusals above are about what was changed.
        AssertNoErrors((await SendAsync(api, valid, WorkspaceQuery)).Body);
    }

    [Fact]
    public async Task UnknownOrganization_IsRefused_AndNoUserIsCreated()
    {
        var subject = Subject();
        var (response, body) = await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims("no-such-org", ["dq-editors"])), WorkspaceQuery);
        var (_, noClaim) = await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(groups: ["dq-editors"])), WorkspaceQuery);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("UNKNOWN_ORGANIZATION", CodeOf(body));
        Assert.Equal("UNKNOWN_ORGANIZATION", CodeOf(noClaim));
        Assert.Equal(0, await UsersWithSubjectAsync(subject));
    }

    [Fact]
    public async Task GroupMappedToRole_ViewerCannotCreateCheck_EditorCan_ManualRoleKept()
    {
        var org = await OrganizationAsync(api);
        var connection = await ConnectionAsync(api, org.Workspaces[0]);
        const string create = "mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"rows\", checkType: \"row_count\", targetTable: \"t\", config: {min: 1}}) { id } }";
        var viewer = api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"]));
        var editor = api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers", "dq-editors"]));

        Assert.Equal("FORBIDDEN", CodeOf((await SendAsync(api, viewer, create, variables: new { c = connection })).Body));
        var (_, created) = await SendAsync(api, editor, create, variables: new { c = connection });
        AssertNoErrors(created);
        Assert.NotNull(created.GetProperty("data").GetProperty("createCheck").GetProperty("id").GetString());

        // A role a person set is not overwritten by groups at the next sign-in; a role from groups is.
        var kept = Subject();
        var changed = Subject();
        await SendAsync(api, api.Main.Mint(kept, OidcApiFactory.Audience, Claims(org.Slug, ["dq-editors"])), WorkspaceQuery);
        await SendAsync(api, api.Main.Mint(changed, OidcApiFactory.Audience, Claims(org.Slug, ["dq-editors"])), WorkspaceQuery);
        await using (var db = api.Database.CreateDqContext())
        {
            await db.OrganizationMembers.Where(m => m.User!.ExternalId == kept)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, "admin").SetProperty(m => m.Source, MembershipSource.Manual));
        }

        await SendAsync(api, api.Main.Mint(kept, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"])), WorkspaceQuery);
        await SendAsync(api, api.Main.Mint(changed, OidcApiFactory.Audience, Claims(org.Slug, [])), WorkspaceQuery);
        await using (var db = api.Database.CreateDqContext())
        {
            var keptRole = await db.OrganizationMembers.Where(m => m.User!.ExternalId == kept).Select(m => new { m.Role, m.Source }).SingleAsync();
            Assert.Equal(("admin", MembershipSource.Manual), (keptRole.Role, keptRole.Source));
            Assert.Null(await db.OrganizationMembers.Where(m => m.User!.ExternalId == changed).Select(m => m.Role).SingleAsync());
        }
    }

    [Fact]
    public async Task ProviderRotatesKey_NewKeyAcceptedWithoutRestart_OldKeyRefused()
    {
        var org = await OrganizationAsync(api);
        var claims = Claims(org.Slug, ["dq-viewers"]);
        AssertNoErrors((await SendAsync(api, api.Main.Mint(Subject(), OidcApiFactory.Audience, claims), WorkspaceQuery)).Body);
        var signedWithOldKey = api.Main.Mint(Subject(), OidcApiFactory.Audience, claims);

        api.Main.RotateKey();
        var signedWithNewKey = api.Main.Mint(Subject(), OidcApiFactory.Audience, claims);

        // The new key is fetched when a token names it (within the refresh interval of the last fetch another test's unknown kid caused).
        Assert.Equal(HttpStatusCode.OK, await StatusWithinAsync(signedWithNewKey, HttpStatusCode.OK));
        // The old key is no longer published: a token never seen before that is signed with it is refused.
        var status = await StatusWithinAsync(signedWithOldKey, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task UnknownKeyIds_RefreshTheProviderKeysAtMostOncePerInterval()
    {
        var org = await OrganizationAsync(api);
        var claims = Claims(org.Slug, ["Admins"], orgClaim: "tenant", groupsClaim: "roles");
        // Warm: the second provider's keys are fetched once.
        AssertNoErrors((await SendAsync(api, api.Second.Mint(Subject(), OidcApiFactory.SecondAudience, claims), WorkspaceQuery)).Body);
        var before = api.Second.JwksRequests;

        for (var i = 0; i < 10; i++)
        {
            var forged = api.Stranger.Mint(Subject(), OidcApiFactory.SecondAudience, claims, issuer: api.Second.Authority, keyId: "guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(api, forged, WorkspaceQuery)).Response.StatusCode);
        }

        // The first unknown kid may fetch the keys again; the nine after it within the hour-long interval may not.
        Assert.InRange(api.Second.JwksRequests - before, 0, 1);
    }

    [Fact]
    public async Task TwoProviders_EachWithItsOwnClaims_SameSubjectIsTwoUsers()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        var secondClaims = new Dictionary<string, object> { ["tenant"] = org.Slug, ["roles"] = new[] { "Admins" } };

        AssertNoErrors((await SendAsync(api, api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"])), WorkspaceQuery)).Body);
        AssertNoErrors((await SendAsync(api, api.Second.Mint(subject, OidcApiFactory.SecondAudience, secondClaims), WorkspaceQuery)).Body);

        await using var db = api.Database.CreateDqContext();
        var roles = await db.OrganizationMembers.Where(m => m.User!.ExternalId == subject).OrderBy(m => m.Role).Select(m => m.Role).ToListAsync();
        Assert.Equal(["admin", "viewer"], roles);
    }

    [Fact]
    public async Task UserWithSeveralWorkspaces_NamesOneByHeader_OthersRefused()
    {
        var org = await OrganizationAsync(api, workspaces: 2);
        var elsewhere = await OrganizationAsync(api);
        var token = api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"]));

        var (_, none) = await SendAsync(api, token, WorkspaceQuery);
        var (_, byGlobalId) = await SendAsync(api, token, WorkspaceQuery, GlobalId.Encode("Workspace", org.Workspaces[1]));
        var (_, byUuid) = await SendAsync(api, token, WorkspaceQuery, org.Workspaces[0].ToString());
        var (refusedResponse, refused) = await SendAsync(api, token, WorkspaceQuery, GlobalId.Encode("Workspace", elsewhere.Workspaces[0]));
        var (garbageResponse, garbage) = await SendAsync(api, token, WorkspaceQuery, "not-a-workspace");

        Assert.Equal("WORKSPACE_REQUIRED", CodeOf(none));
        Assert.Equal(org.Slug + "-ws1", byGlobalId.GetProperty("data").GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal(org.Slug + "-ws0", byUuid.GetProperty("data").GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, "WORKSPACE_FORBIDDEN"), (refusedResponse.StatusCode, CodeOf(refused)));
        // Not an id at all: the request is malformed (400), not a workspace the caller may not use.
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (garbageResponse.StatusCode, CodeOf(garbage)));
    }

    [Fact]
    public async Task RemovedWorkspaceMembership_TakesEffectWithinSecondsOverHttp()
    {
        var org = await OrganizationAsync(api, workspaces: 2);
        var subject = Subject();
        var token = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug));
        // Provisioned into the organization without a role: no workspace yet.
        Assert.Equal("WORKSPACE_REQUIRED", CodeOf((await SendAsync(api, token, WorkspaceQuery)).Body));
        var userId = await MemberOfAsync(subject, org.Workspaces[1], "editor");
        var header = GlobalId.Encode("Workspace", org.Workspaces[1]);
        await WaitForStatusAsync(token, header, HttpStatusCode.OK);

        await using (var db = api.Database.CreateDqContext())
        {
            await db.WorkspaceMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync();
        }

        var (elapsed, body) = await WaitForStatusAsync(token, header, HttpStatusCode.Forbidden);
        Assert.Equal("WORKSPACE_FORBIDDEN", CodeOf(body));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    [Fact]
    public async Task UserOfWorkspaceA_GetsNotFoundForWorkspaceBsIds()
    {
        var a = await OrganizationAsync(api);
        var b = await OrganizationAsync(api);
        var theirs = await ConnectionAsync(api, b.Workspaces[0]);
        var token = api.Main.Mint(Subject(), OidcApiFactory.Audience, Claims(a.Slug, ["dq-editors"]));

        var (_, body) = await SendAsync(api, token,
            "mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"x\", checkType: \"row_count\", targetTable: \"t\", config: {min: 1}}) { id } }", variables: new { c = theirs });
        var (_, node) = await SendAsync(api, token, "query($c: ID!) { node(id: $c) { id } }", variables: new { c = theirs });

        Assert.Equal("NOT_FOUND", CodeOf(body));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, node.GetProperty("data").GetProperty("node").ValueKind);
    }

    [Fact]
    public async Task ConcurrentFirstSignIns_CreateOneUser()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        // Different tokens of one person (so no shared cache entry): each provisions on its own, at once.
        var tokens = Enumerable.Range(0, 8).Select(i => api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"], $"u{i}@example.com"))).ToList();

        var answers = await Task.WhenAll(tokens.Select(t => SendAsync(api, t, WorkspaceQuery)));

        Assert.All(answers, a => AssertNoErrors(a.Body));
        Assert.Equal(1, await UsersWithSubjectAsync(subject));
    }

    [Fact]
    public async Task InvitedUser_ClaimedByVerifiedEmailOnly()
    {
        var org = await OrganizationAsync(api);
        var email = $"inv-{Guid.NewGuid():N}@example.com";
        Guid invitedId;
        await using (var db = api.Database.CreateDqContext())
        {
            var invited = new User { Issuer = Invitations.Issuer, ExternalId = email, Email = email };
            db.Users.Add(invited);
            await db.SaveChangesAsync();
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = org.Id, UserId = invited.Id });
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = org.Workspaces[0], UserId = invited.Id, Role = "editor" });
            await db.SaveChangesAsync();
            invitedId = invited.Id;
        }

        var unverified = Subject();
        var verified = Subject();
        await SendAsync(api, api.Main.Mint(unverified, OidcApiFactory.Audience, Claims(org.Slug, email: email.ToUpperInvariant(), emailVerified: false)), WorkspaceQuery);
        var (_, body) = await SendAsync(api, api.Main.Mint(verified, OidcApiFactory.Audience, Claims(org.Slug, email: email.ToUpperInvariant(), emailVerified: true)), WorkspaceQuery);

        AssertNoErrors(body);
        await using var check = api.Database.CreateDqContext();
        var claimed = await check.Users.SingleAsync(u => u.Id == invitedId);
        Assert.Equal((api.Main.Authority, verified), (claimed.Issuer, claimed.ExternalId));
        Assert.NotEqual(invitedId, await check.Users.Where(u => u.ExternalId == unverified).Select(u => u.Id).SingleAsync());
    }

    private async Task<HttpStatusCode> StatusWithinAsync(string token, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var status = (await SendAsync(api, token, WorkspaceQuery)).Response.StatusCode;
            if (status == expected || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(200);
        }
    }

    private static void AssertNoErrors(System.Text.Json.JsonElement body) => Assert.False(body.TryGetProperty("errors", out _), body.ToString());

    private async Task<Guid> MemberOfAsync(string subject, Guid workspaceId, string role)
    {
        await using var db = api.Database.CreateDqContext();
        var userId = await db.Users.Where(u => u.ExternalId == subject).Select(u => u.Id).SingleAsync();
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspaceId, UserId = userId, Role = role });
        await db.SaveChangesAsync();
        return userId;
    }

    private async Task<(TimeSpan Elapsed, System.Text.Json.JsonElement Body)> WaitForStatusAsync(string token, string workspace, HttpStatusCode expected)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (response, body) = await SendAsync(api, token, WorkspaceQuery, workspace);
            if (response.StatusCode == expected || started.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(expected, response.StatusCode);
                return (started.Elapsed, body);
            }

            await Task.Delay(100);
        }
    }
}
