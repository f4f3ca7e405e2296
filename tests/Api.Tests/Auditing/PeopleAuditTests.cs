using System.Text.Json;
using DqPlatform.Api.Tests.People;
using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Auditing;

/// <summary>
/// Changes to people are audited: memberships, organization roles, custom roles and workspaces, with the caller as the
/// actor; organization-level rows (no workspace) are read in <c>organization.auditLog</c> by organization admins only.
/// </summary>
public sealed class PeopleAuditTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task PeopleMutations_EachLeaveTheirAuditRow_WithTheActorAndDiff_AndRefusalsLeaveNone()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var owner = await TestUser.CreateAsync(api, tenant, Roles.Owner);
        var person = await TestPeople.UserAsync(api, tenant, Roles.Viewer);
        await using (var seed = api.Database.CreateDqContext())
        {
            // The person starts outside the workspace; addMember brings them in.
            await seed.WorkspaceMembers.Where(m => m.UserId == person).ExecuteDeleteAsync();
        }

        var user = GlobalId.Encode("User", person);
        var client = owner.Client(api);
        var email = $"invitee-{Guid.NewGuid():N}@example.com";

        await client.DataAsync($"mutation {{ addMember(userId: \"{user}\", role: \"viewer\") {{ role }} }}");
        await client.DataAsync($"mutation {{ setMemberRole(userId: \"{user}\", role: \"editor\") {{ role }} }}");
        await client.DataAsync($"mutation {{ removeMember(userId: \"{user}\") }}");
        await client.DataAsync($"mutation {{ inviteMember(email: \"{email}\", role: \"viewer\") {{ role }} }}");
        await client.DataAsync($"mutation {{ setOrganizationRole(userId: \"{user}\", role: \"admin\") {{ role }} }}");
        await client.DataAsync("mutation { createRole(slug: \"runner\", name: \"Runner\", scopes: [\"read\"]) { slug } }");
        await client.DataAsync("mutation { updateRole(slug: \"runner\", scopes: [\"read\", \"checks:run\"]) { slug } }");
        await client.DataAsync("mutation { deleteRole(slug: \"runner\") }");
        var team = (await client.DataAsync("mutation { createWorkspace(name: \"team\") { id } }")).GetProperty("createWorkspace").GetProperty("id").GetString();
        await client.DataAsync($"mutation {{ updateWorkspace(id: \"{team}\", name: \"squad\") {{ id }} }}");
        await client.DataAsync($"mutation {{ deleteWorkspace(id: \"{team}\") }}");

        // Refused: nothing changes, nothing is audited.
        Assert.Equal("VALIDATION", await client.ErrorCodeAsync($"mutation {{ addMember(userId: \"{user}\", role: \"no-such-role\") {{ role }} }}"));
        Assert.Equal("NOT_FOUND", await client.ErrorCodeAsync("mutation { deleteRole(slug: \"runner\") }"));
        Assert.Equal("CONFLICT", await client.ErrorCodeAsync($"mutation {{ setOrganizationRole(userId: \"{owner.GlobalId}\", role: \"admin\") {{ role }} }}"));

        await using var db = api.Database.CreateDqContext();
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.UserId == owner.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(
            ["workspace_member:create", "workspace_member:update", "workspace_member:delete",
             "user:create", "organization_member:create", "workspace_member:create",
             "organization_member:update",
             "custom_role:create", "custom_role:update", "custom_role:delete",
             "workspace:create", "workspace_member:create", "workspace:update", "workspace:delete"],
            rows.Select(r => $"{r.EntityType}:{r.Action}"));
        Assert.All(rows, r => Assert.Equal((tenant.OrganizationId, owner.KeyId), (r.OrganizationId!.Value, r.ApiKeyId!.Value)));

        var teamId = GlobalId.TryDecode(team!, out string _, out Guid t) ? t : Guid.Empty;
        Assert.Equal([tenant.WorkspaceId, tenant.WorkspaceId, tenant.WorkspaceId, null, null, tenant.WorkspaceId, null, null, null, null, teamId, teamId, teamId, teamId],
            rows.Select(r => r.WorkspaceId));
        Assert.Equal(person, rows[1].EntityId);
        Assert.Equal(("viewer", "editor"), Change(rows[1], "role"));
        Assert.Equal(((string?)null, "admin"), Change(rows[6], "role"));
        Assert.Equal(("read", "read checks:run"), Scopes(rows[8]));
        Assert.Equal(("runner", (string?)null), Change(rows[9], "slug"));
        Assert.Equal(("team", "squad"), Change(rows[12], "name"));
        Assert.Equal(email, Change(rows[3], "email").New);

        // The organization's log, also for the deleted workspace, read by its owner.
        var listed = (await client.DataAsync("{ organization { auditLog(first: 100, where: {entityType: {in: [WORKSPACE, CUSTOM_ROLE, ORGANIZATION_MEMBER]}}) { totalCount nodes { entityType action actor { id } } } } }"))
            .GetProperty("organization").GetProperty("auditLog");
        Assert.Equal(8, listed.GetProperty("totalCount").GetInt32());
        Assert.Contains(listed.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("entityType").GetString() == "WORKSPACE" && n.GetProperty("action").GetString() == "DELETE"
            && n.GetProperty("actor").GetProperty("id").GetString() == owner.GlobalId);
    }

    [Fact]
    public async Task OrganizationAuditLog_IsForItsAdminsOnly_AndNeverAnotherOrganizations()
    {
        var a = await TestTenant.CreateAsync(api);
        var ownerA = await TestUser.CreateAsync(api, a, Roles.Owner);
        var viewerA = await TestUser.CreateAsync(api, a, Roles.Viewer);
        await ownerA.Client(api).DataAsync("mutation { createRole(slug: \"secretive\", name: \"A only\", scopes: [\"read\"]) { slug } }");
        var b = await TestTenant.CreateAsync(api);
        var ownerB = await TestUser.CreateAsync(api, b, Roles.Owner);

        Assert.Equal("FORBIDDEN", await viewerA.Client(api).ErrorCodeAsync("{ organization { auditLog { totalCount } } }"));
        var orgA = GlobalId.Encode("Organization", a.OrganizationId);
        var viaNode = await ownerB.Client(api).DataAsync($"{{ node(id: \"{orgA}\") {{ ... on Organization {{ auditLog {{ totalCount }} }} }} }}");
        Assert.Equal(JsonValueKind.Null, viaNode.GetProperty("node").ValueKind);
        var own = (await ownerB.Client(api).DataAsync("{ organization { auditLog(first: 100) { nodes { changes } } } }")).GetProperty("organization").GetProperty("auditLog");
        Assert.DoesNotContain("secretive", own.ToString(), StringComparison.Ordinal);
        Assert.Contains("secretive", (await ownerA.Client(api).DataAsync("{ organization { auditLog(first: 100) { nodes { changes } } } }")).ToString(), StringComparison.Ordinal);
    }

    private static (string? Old, string? New) Change(AuditLogEntry row, string field)
    {
        var change = JsonDocument.Parse(row.Changes!).RootElement.GetProperty(field);
        return (change.GetProperty("old").GetString(), change.GetProperty("new").GetString());
    }

    private static (string Old, string New) Scopes(AuditLogEntry row)
    {
        var change = JsonDocument.Parse(row.Changes!).RootElement.GetProperty("scopes");
        return (string.Join(' ', change.GetProperty("old").EnumerateArray().Select(s => s.GetString())), string.Join(' ', change.GetProperty("new").EnumerateArray().Select(s => s.GetString())));
    }
}
