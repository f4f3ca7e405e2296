using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Identity.OidcSession;

namespace DqPlatform.Api.Tests.Identity;

public sealed partial class OidcSignInTests
{
    [Fact]
    public async Task FirstSignIn_AuditsTheProvisionedUserAndMembership_WithTheUserAsActor()
    {
        var org = await OrganizationAsync(api);
        var subject = Subject();
        var token = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"], "Ann@Example.com", emailVerified: true));

        var (response, body) = await SendAsync(api, token, WorkspaceQuery);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());

        await using var db = api.Database.CreateDqContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.ExternalId == subject);
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.OrganizationId == org.Id && a.UserId == user.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["user:create", "organization_member:create"], rows.Select(r => $"{r.EntityType}:{r.Action}"));
        Assert.All(rows, r => Assert.Equal((user.Id, (Guid?)null, (Guid?)null), (r.EntityId, r.WorkspaceId, r.ApiKeyId)));
        var created = JsonDocument.Parse(rows[0].Changes!).RootElement;
        Assert.Equal(("Ann@Example.com", subject), (created.GetProperty("email").GetProperty("new").GetString(), created.GetProperty("externalId").GetProperty("new").GetString()));
        Assert.Equal("viewer", JsonDocument.Parse(rows[1].Changes!).RootElement.GetProperty("role").GetProperty("new").GetString());
        Assert.DoesNotContain(token.Split('.')[2], string.Join('\n', rows.Select(r => r.Changes)), StringComparison.Ordinal);

        // Signing in again with nothing changed audits nothing more.
        var again = api.Main.Mint(subject, OidcApiFactory.Audience, Claims(org.Slug, ["dq-viewers"], "Ann@Example.com", emailVerified: true));
        var (second, secondBody) = await SendAsync(api, again, WorkspaceQuery);
        Assert.True(second.StatusCode == HttpStatusCode.OK, secondBody.ToString());
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.OrganizationId == org.Id && a.UserId == user.Id));
    }
}
