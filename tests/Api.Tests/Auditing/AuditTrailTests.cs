using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Auditing;

/// <summary>
/// Every mutating field leaves audit rows with field diffs and the acting key; secrets appear only redacted.
/// The list of mutations is read from the schema, so a new mutation fails here until its audit is checked.
/// </summary>
public sealed class AuditTrailTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    // Mutations that change no audited entity: workspaces are not in the audited set of seed 002's audit_log; runs and
    // cancellations are recorded as jobs; a connection test records its outcome on the connection, not an edit;
    // incidents carry who acknowledged or resolved them and the notes.
    private static readonly HashSet<string> NotAudited =
    [
        "reencryptConnectionConfigs", "testConnection", "runCheck", "runChecks", "cancelJob",
        "acknowledgeIncident", "resolveIncident", "testWebhook",
        // A test message is recorded in the delivery log (notificationDeliveries), not as an edit.
        "testNotificationChannel",
        // Query runs are recorded in data.query_results and data.query_audit (QueryRunTests), not in audit_log.
        "runQuery", "cancelQuery",
    ];

    // Audited, at the organization level or by a user: exercised in PeopleAuditTests (and CreateOrganization's test there).
    private static readonly HashSet<string> AuditedInPeopleAuditTests =
    [
        "createWorkspace", "updateWorkspace", "deleteWorkspace", "addMember", "inviteMember", "setMemberRole", "removeMember", "setOrganizationRole",
        "createRole", "updateRole", "deleteRole", "createOrganization",
    ];

    // Audited, and their rows asserted, in Incidents/IncidentManagementTests (they need a failing check's incident).
    private static readonly HashSet<string> AuditedInIncidentManagementTests =
    [
        "muteIncident", "unmuteIncident", "assignIncident", "muteCheck", "unmuteCheck", "updateWorkspaceIncidentSettings",
    ];

    // Audited as the checks and schedules it creates, asserted in Checks/TableMonitorsTests (it needs a real source).
    private static readonly HashSet<string> AuditedInTableMonitorsTests = ["createTableMonitors"];

    [Fact]
    public async Task EveryMutation_WritesAuditRows_WithDiffsAndTheActingKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var exercised = new HashSet<string>();
        async Task<JsonElement> Run(string field, string mutation, object? variables = null)
        {
            exercised.Add(field);
            var (_, body) = await client.SendAsync("mutation { " + mutation + " }", variables);
            Assert.False(body.TryGetProperty("errors", out _), body + string.Join('\n', api.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal))));
            return body.GetProperty("data").GetProperty(field);
        }

        var connection = (await Run("createConnection", "createConnection(input: {name: \"wh\", type: POSTGRESQL, config: {host: \"h\", password: \"pw-123456\"}}) { id }")).GetProperty("id").GetString();
        await Run("updateConnection", $"updateConnection(input: {{id: \"{connection}\", name: \"warehouse\"}}) {{ id }}");
        var check = (await Run("createCheck", $"createCheck(input: {{connectionId: \"{connection}\", name: \"rows\", checkType: \"row_count\", targetTable: \"orders\", config: {{min: 1}}}}) {{ id }}")).GetProperty("id").GetString();
        await Run("updateCheck", $"updateCheck(input: {{id: \"{check}\", severity: FATAL}}) {{ id }}");
        var schedule = (await Run("createSchedule", $"createSchedule(input: {{checkId: \"{check}\", cronExpression: \"*/5 * * * *\"}}) {{ id }}")).GetProperty("id").GetString();
        await Run("updateSchedule", $"updateSchedule(input: {{id: \"{schedule}\", enabled: false}}) {{ id }}");
        await Run("deleteSchedule", $"deleteSchedule(id: \"{schedule}\")");
        var webhook = (await Run("createWebhook", "createWebhook(input: {name: \"hook\", url: \"https://example.com/h\", events: [\"check.failed\"], secret: \"webhook-secret-0123456789\"}) { id }")).GetProperty("id").GetString();
        await Run("updateWebhook", $"updateWebhook(input: {{id: \"{webhook}\", enabled: false}}) {{ id }}");
        await Run("deleteWebhook", $"deleteWebhook(id: \"{webhook}\")");
        var channel = (await Run("createNotificationChannel", "createNotificationChannel(input: {name: \"pager\", kind: PAGER_DUTY, routingKey: \"5ec7e75ec7e75ec7e75ec7e75ec7e7aa\"}) { id }")).GetProperty("id").GetString();
        await Run("updateNotificationChannel", $"updateNotificationChannel(input: {{id: \"{channel}\", name: \"on-call\"}}) {{ id }}");
        var rule = (await Run("createNotificationRule", $"createNotificationRule(input: {{name: \"all\", channelIds: [\"{channel}\"]}}) {{ id }}")).GetProperty("id").GetString();
        await Run("updateNotificationRule", $"updateNotificationRule(input: {{id: \"{rule}\", stopHere: true}}) {{ id }}");
        await Run("deleteNotificationRule", $"deleteNotificationRule(id: \"{rule}\")");
        await Run("deleteNotificationChannel", $"deleteNotificationChannel(id: \"{channel}\")");
        var window = (await Run("createMaintenanceWindow", "createMaintenanceWindow(input: {name: \"sundays\", cronExpression: \"0 2 * * 0\", durationMinutes: 60}) { id }")).GetProperty("id").GetString();
        await Run("deleteMaintenanceWindow", $"deleteMaintenanceWindow(id: \"{window}\")");
        var saved = (await Run("createSavedQuery", "createSavedQuery(input: {name: \"q\", query: \"select 1\"}) { id }")).GetProperty("id").GetString();
        await Run("updateSavedQuery", $"updateSavedQuery(input: {{id: \"{saved}\", visibility: SHARED}}) {{ id }}");
        await Run("deleteSavedQuery", $"deleteSavedQuery(id: \"{saved}\")");
        var dataset = (await Run("registerDataset", $"registerDataset(input: {{connectionId: \"{connection}\", schema: \"public\", table: \"orders\", name: \"Orders\", readRoles: [\"admin\"]}}) {{ id }}")).GetProperty("id").GetString();
        await Run("updateDataset", $"updateDataset(input: {{id: \"{dataset}\", readRoles: [\"admin\", \"operator\"]}}) {{ id }}");
        await Run("deleteDataset", $"deleteDataset(id: \"{dataset}\")");
        // rotateApiKey creates the new key and revokes the old one in one transaction (create, then update).
        var key = (await Run("createApiKey", "createApiKey(input: {name: \"ci\", scopes: [\"read\"]}) { apiKey { id } key }")).GetProperty("apiKey").GetProperty("id").GetString();
        var rotated = (await Run("rotateApiKey", $"rotateApiKey(id: \"{key}\") {{ apiKey {{ id }} }}")).GetProperty("apiKey").GetProperty("id").GetString();
        await Run("revokeApiKey", $"revokeApiKey(id: \"{rotated}\") {{ id }}");
        await Run("deleteCheck", $"deleteCheck(id: \"{check}\")");
        await Run("deleteConnection", $"deleteConnection(id: \"{connection}\")");

        var all = await MutationNamesAsync(client);
        Assert.Empty(all.Except(exercised).Except(NotAudited).Except(AuditedInPeopleAuditTests).Except(AuditedInIncidentManagementTests).Except(AuditedInTableMonitorsTests));

        await using var db = api.Database.CreateDqContext();
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.WorkspaceId == tenant.WorkspaceId).OrderBy(a => a.Id).ToListAsync();
        var summary = rows.Select(r => $"{r.EntityType}:{r.Action}").ToList();
        Assert.Equal(
            ["connection:create", "connection:update", "check:create", "check:update", "schedule:create", "schedule:update", "schedule:delete",
             "webhook:create", "webhook:update", "webhook:delete",
             "notification_channel:create", "notification_channel:update", "notification_rule:create", "notification_rule:update",
             "notification_rule:delete", "notification_channel:delete", "maintenance_window:create", "maintenance_window:delete",
             "saved_query:create", "saved_query:update", "saved_query:delete",
             "dataset:create", "dataset:update", "dataset:delete",
             "api_key:create", "api_key:create", "api_key:update", "api_key:update", "check:delete", "connection:delete"],
            summary);
        Assert.All(rows, r => Assert.Equal(tenant.ApiKeyId, r.ApiKeyId));

        var rename = JsonDocument.Parse(rows[1].Changes!).RootElement.GetProperty("name");
        Assert.Equal("wh", rename.GetProperty("old").GetString());
        Assert.Equal("warehouse", rename.GetProperty("new").GetString());
        var severity = JsonDocument.Parse(rows[3].Changes!).RootElement.GetProperty("severity");
        Assert.Equal("error", severity.GetProperty("old").GetString());
        Assert.Equal("fatal", severity.GetProperty("new").GetString());
        Assert.Equal(GlobalIdOf(check!), rows[3].EntityId);

        var everything = string.Join('\n', rows.Select(r => r.Changes));
        Assert.DoesNotContain("pw-123456", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("webhook-secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("5ec7e75ec7e7", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("$2", everything, StringComparison.Ordinal); // no bcrypt hash
        Assert.Contains("********", everything, StringComparison.Ordinal);

        var listed = await client.DataAsync(
            "query($check: ID!) { byType: auditLog(first: 100, where: {entityType: {eq: CHECK}}) { totalCount nodes { entityType entityId action apiKeyId changes } } byId: auditLog(where: {entityId: {eq: $check}, action: {in: [CREATE, DELETE]}}) { totalCount } }",
            new { check });
        var byType = listed.GetProperty("byType");
        Assert.Equal(3, byType.GetProperty("totalCount").GetInt32());
        Assert.All(byType.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(("CHECK", check, GlobalId.Encode("ApiKey", tenant.ApiKeyId)),
            (n.GetProperty("entityType").GetString(), n.GetProperty("entityId").GetString(), n.GetProperty("apiKeyId").GetString())));
        Assert.Equal(["DELETE", "UPDATE", "CREATE"], byType.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("action").GetString()));
        Assert.Equal(2, listed.GetProperty("byId").GetProperty("totalCount").GetInt32());
    }

    private static Guid GlobalIdOf(string globalId) => GlobalId.TryDecode(globalId, out string _, out Guid id) ? id : Guid.Empty;

    private static async Task<HashSet<string>> MutationNamesAsync(GraphQLClient client)
    {
        var schema = await client.DataAsync("{ __schema { mutationType { fields { name } } } }");
        return schema.GetProperty("__schema").GetProperty("mutationType").GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!).ToHashSet();
    }
}
