using System.Text.Json;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// Every mutation of the schema, found by introspection, tried by a user of each built-in role (through a personal key,
/// the caller sign-in produces): roles below the mutation's minimum are FORBIDDEN, roles at or above it are let past
/// the role check (whatever the dummy arguments then earn: NOT_FOUND, VALIDATION…). A mutation missing from
/// <see cref="Minimum"/> fails the test by name: a new mutation cannot ship without a rule.
/// </summary>
public sealed class RoleMatrixTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    // Dummy ids of the right types: the role check comes before any lookup, so they never need to exist.
    private static string Id(string type) => GlobalId.Encode(type, Guid.NewGuid());

    /// <summary>The least built-in role each mutation needs (null: no role is enough, platform operators only) and a minimal invocation.</summary>
    private static readonly Dictionary<string, (string? Role, string Invocation)> Minimum = new()
    {
        ["createConnection"] = (Roles.Editor, "createConnection(input: {name: \"\", type: POSTGRESQL, config: {}}) { id }"),
        ["updateConnection"] = (Roles.Editor, $"updateConnection(input: {{id: \"{Id("Connection")}\"}}) {{ id }}"),
        ["deleteConnection"] = (Roles.Editor, $"deleteConnection(id: \"{Id("Connection")}\")"),
        ["testConnection"] = (Roles.Editor, $"testConnection(id: \"{Id("Connection")}\") {{ id }}"),
        ["createCheck"] = (Roles.Editor, $"createCheck(input: {{connectionId: \"{Id("Connection")}\", name: \"x\", checkType: \"row_count\", targetTable: \"t\", config: {{min: 1}}}}) {{ id }}"),
        ["updateCheck"] = (Roles.Editor, $"updateCheck(input: {{id: \"{Id("CheckDefinition")}\"}}) {{ id }}"),
        ["deleteCheck"] = (Roles.Editor, $"deleteCheck(id: \"{Id("CheckDefinition")}\")"),
        ["createTableMonitors"] = (Roles.Editor, $"createTableMonitors(input: {{connectionId: \"{Id("Connection")}\", all: true, schedule: \"0 * * * *\"}}) {{ created }}"),
        ["runCheck"] = (Roles.Operator, $"runCheck(id: \"{Id("CheckDefinition")}\") {{ id }}"),
        ["runChecks"] = (Roles.Operator, "runChecks(input: {tag: \"no-such-tag\"}) { id }"),
        ["cancelJob"] = (Roles.Operator, $"cancelJob(id: \"{Id("Job")}\") {{ id }}"),
        ["acknowledgeIncident"] = (Roles.Operator, $"acknowledgeIncident(id: \"{Id("Incident")}\") {{ id }}"),
        ["resolveIncident"] = (Roles.Operator, $"resolveIncident(id: \"{Id("Incident")}\") {{ id }}"),
        ["muteIncident"] = (Roles.Operator, $"muteIncident(id: \"{Id("Incident")}\", until: \"2099-01-01T00:00:00Z\") {{ id }}"),
        ["unmuteIncident"] = (Roles.Operator, $"unmuteIncident(id: \"{Id("Incident")}\") {{ id }}"),
        ["assignIncident"] = (Roles.Operator, $"assignIncident(id: \"{Id("Incident")}\", userId: null) {{ id }}"),
        ["muteCheck"] = (Roles.Operator, $"muteCheck(id: \"{Id("CheckDefinition")}\", until: \"2099-01-01T00:00:00Z\") {{ id }}"),
        ["unmuteCheck"] = (Roles.Operator, $"unmuteCheck(id: \"{Id("CheckDefinition")}\") {{ id }}"),
        ["updateWorkspaceIncidentSettings"] = (Roles.Admin, "updateWorkspaceIncidentSettings(grouping: CHECK) { id }"),
        ["createSchedule"] = (Roles.Editor, $"createSchedule(input: {{checkId: \"{Id("CheckDefinition")}\", cronExpression: \"0 * * * *\"}}) {{ id }}"),
        ["updateSchedule"] = (Roles.Editor, $"updateSchedule(input: {{id: \"{Id("Schedule")}\"}}) {{ id }}"),
        ["deleteSchedule"] = (Roles.Editor, $"deleteSchedule(id: \"{Id("Schedule")}\")"),
        ["createWebhook"] = (Roles.Editor, "createWebhook(input: {name: \"\", url: \"\", events: []}) { id }"),
        ["updateWebhook"] = (Roles.Editor, $"updateWebhook(input: {{id: \"{Id("Webhook")}\"}}) {{ id }}"),
        ["testWebhook"] = (Roles.Editor, $"testWebhook(id: \"{Id("Webhook")}\") {{ delivered }}"),
        ["deleteWebhook"] = (Roles.Editor, $"deleteWebhook(id: \"{Id("Webhook")}\")"),
        ["createMaintenanceWindow"] = (Roles.Editor, "createMaintenanceWindow(input: {name: \"\"}) { id }"),
        ["deleteMaintenanceWindow"] = (Roles.Editor, $"deleteMaintenanceWindow(id: \"{Id("MaintenanceWindow")}\")"),
        ["createNotificationChannel"] = (Roles.Editor, "createNotificationChannel(input: {name: \"\", kind: SLACK}) { id }"),
        ["updateNotificationChannel"] = (Roles.Editor, $"updateNotificationChannel(input: {{id: \"{Id("NotificationChannel")}\"}}) {{ id }}"),
        ["deleteNotificationChannel"] = (Roles.Editor, $"deleteNotificationChannel(id: \"{Id("NotificationChannel")}\")"),
        ["testNotificationChannel"] = (Roles.Editor, $"testNotificationChannel(id: \"{Id("NotificationChannel")}\") {{ status }}"),
        ["createNotificationRule"] = (Roles.Editor, $"createNotificationRule(input: {{name: \"\", channelIds: [\"{Id("NotificationChannel")}\"]}}) {{ id }}"),
        ["updateNotificationRule"] = (Roles.Editor, $"updateNotificationRule(input: {{id: \"{Id("NotificationRule")}\"}}) {{ id }}"),
        ["deleteNotificationRule"] = (Roles.Editor, $"deleteNotificationRule(id: \"{Id("NotificationRule")}\")"),
        ["runQuery"] = (Roles.Operator, $"runQuery(input: {{connectionId: \"{Id("Connection")}\", sql: \"SELECT 1\"}}) {{ truncated }}"),
        ["cancelQuery"] = (Roles.Operator, $"cancelQuery(id: \"{Id("QueryResult")}\") {{ id }}"),
        ["registerDataset"] = (Roles.Editor, $"registerDataset(input: {{connectionId: \"{Id("Connection")}\", schema: \"public\", table: \"t\", name: \"t\"}}) {{ id }}"),
        ["updateDataset"] = (Roles.Editor, $"updateDataset(input: {{id: \"{Id("Dataset")}\"}}) {{ id }}"),
        ["deleteDataset"] = (Roles.Editor, $"deleteDataset(id: \"{Id("Dataset")}\")"),
        ["createSavedQuery"] = (Roles.Editor, "createSavedQuery(input: {name: \"\", query: \"select 1\"}) { id }"),
        ["updateSavedQuery"] = (Roles.Editor, $"updateSavedQuery(input: {{id: \"{Id("SavedQuery")}\"}}) {{ id }}"),
        ["deleteSavedQuery"] = (Roles.Editor, $"deleteSavedQuery(id: \"{Id("SavedQuery")}\")"),
        ["createApiKey"] = (Roles.Admin, "createApiKey(input: {name: \"\", scopes: [\"read\"]}) { key }"),
        ["revokeApiKey"] = (Roles.Admin, $"revokeApiKey(id: \"{Id("ApiKey")}\") {{ id }}"),
        ["rotateApiKey"] = (Roles.Admin, $"rotateApiKey(id: \"{Id("ApiKey")}\") {{ key }}"),
        ["updateWorkspace"] = (Roles.Admin, $"updateWorkspace(id: \"{Id("Workspace")}\", name: \"x\") {{ id }}"),
        ["addMember"] = (Roles.Admin, $"addMember(userId: \"{Id("User")}\", role: \"viewer\") {{ role }}"),
        ["inviteMember"] = (Roles.Admin, "inviteMember(email: \"not-an-email\", role: \"viewer\") { role }"),
        ["setMemberRole"] = (Roles.Admin, $"setMemberRole(userId: \"{Id("User")}\", role: \"viewer\") {{ role }}"),
        ["removeMember"] = (Roles.Admin, $"removeMember(userId: \"{Id("User")}\")"),
        ["createWorkspace"] = (Roles.Owner, "createWorkspace(name: \"\") { id }"),
        ["deleteWorkspace"] = (Roles.Owner, $"deleteWorkspace(id: \"{Id("Workspace")}\")"),
        ["reencryptConnectionConfigs"] = (Roles.Owner, "reencryptConnectionConfigs"),
        ["setOrganizationRole"] = (Roles.Owner, $"setOrganizationRole(userId: \"{Id("User")}\", role: \"viewer\") {{ role }}"),
        ["createRole"] = (Roles.Owner, "createRole(slug: \"viewer\", name: \"x\", scopes: [\"read\"]) { slug }"),
        ["updateRole"] = (Roles.Owner, "updateRole(slug: \"no-such-role\") { slug }"),
        ["deleteRole"] = (Roles.Owner, "deleteRole(slug: \"no-such-role\")"),
        ["createOrganization"] = (null, "createOrganization(name: \"x\", slug: \"x\") { id }"),
    };

    [Fact]
    public async Task EveryMutation_ByEveryBuiltInRole_IsForbiddenExactlyBelowItsMinimumRole()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var users = new Dictionary<string, TestUser>();
        foreach (var role in Roles.BuiltIn)
        {
            users[role] = await TestUser.CreateAsync(api, tenant, role);
        }

        var schema = await api.GraphQL(tenant.ApiKey).DataAsync("{ __schema { mutationType { fields { name } } } }");
        var mutations = schema.GetProperty("__schema").GetProperty("mutationType").GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Empty(mutations.Where(m => !Minimum.ContainsKey(m)).Select(m => "no rule in the role matrix: " + m));

        var wrong = new List<string>();
        foreach (var mutation in mutations)
        {
            var (minimum, invocation) = Minimum[mutation];
            var rank = minimum is null ? int.MaxValue : Roles.BuiltIn.ToList().IndexOf(minimum);
            foreach (var (role, index) in Roles.BuiltIn.Select((r, i) => (r, i)))
            {
                var (_, body) = await users[role].Client(api).SendAsync("mutation { " + invocation + " }");
                var codes = Codes(body);
                var forbidden = codes.Contains("FORBIDDEN");
                if (index < rank && !forbidden)
                {
                    wrong.Add($"{mutation} by {role}: expected FORBIDDEN, got {body}");
                }
                else if (index >= rank && (forbidden || codes.Contains("UNAUTHENTICATED") || codes.Contains("GRAPHQL_VALIDATION_FAILED") || codes.Contains("BAD_USER_INPUT")))
                {
                    wrong.Add($"{mutation} by {role}: expected past the role check, got {body}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    private static List<string> Codes(JsonElement body) =>
        body.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "").ToList()
            : [];
}
