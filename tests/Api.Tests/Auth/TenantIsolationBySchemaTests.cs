using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Auth;

/// <summary>
/// Walks every root query and mutation field found by introspection and aims it at workspace A's data with workspace
/// B's key: nothing of A comes back, nothing of A changes. A field this test does not know how to aim fails it, so a
/// new field cannot ship unguarded.
/// </summary>
public sealed class TenantIsolationBySchemaTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task EveryRootField_WithWorkspaceBsKey_SeesAndChangesNothingOfWorkspaceA()
    {
        var a = await TestTenant.CreateAsync(api);
        var b = await TestTenant.CreateAsync(api);
        var ids = await SeedAsync(a);
        var asB = api.GraphQL(b.ApiKey);
        var schema = (await asB.DataAsync(Introspection)).GetProperty("__schema");
        var before = await SnapshotAsync(a);
        var unguarded = new List<string>();
        var secretsOfA = ids.Values.Concat([a.WorkspaceId.ToString(), a.OrganizationId.ToString(), GlobalId.Encode("Workspace", a.WorkspaceId)]).ToList();

        foreach (var field in schema.GetProperty("queryType").GetProperty("fields").EnumerateArray())
        {
            var name = field.GetProperty("name").GetString()!;
            var type = TypeName(field.GetProperty("type"));
            string? query = type.EndsWith("Connection", StringComparison.Ordinal) ? $"{{ {name}(first: 100) {{ totalCount nodes {{ __typename }} }} }}"
                : name is "workspace" or "organization" ? $"{{ {name} {{ id name }} }}"
                : name == "node" ? string.Join(' ', ids.Values.Select((id, i) => $"n{i}: node(id: \"{id}\") {{ id }}")).Insert(0, "{ ") + " }"
                : name == "nodes" ? $"{{ nodes(ids: [{string.Join(", ", ids.Values.Select(id => $"\"{id}\""))}]) {{ id }} }}"
                : name == "passRateByTable" ? "{ passRateByTable(since: \"2000-01-01T00:00:00Z\") { targetTable totalRuns } }"
                : name == "checksDue" ? "{ checksDue(asOf: \"2100-01-01T00:00:00Z\") { id } }"
                : name == "checkTypes" ? "{ checkTypes { name } }" // the static catalog: no tenant data at all
                : name == "me" ? "{ me { id organizations { id } workspaces { id } } }" // null for a service-account key
                : null;
            if (query is null)
            {
                unguarded.Add("Query." + name);
                continue;
            }

            var (_, body) = await asB.SendAsync(query);
            Assert.False(body.TryGetProperty("errors", out var errors), $"Query.{name}: {errors}");
            var text = body.ToString();
            Assert.All(secretsOfA, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
            if (type.EndsWith("Connection", StringComparison.Ordinal))
            {
                // B owns nothing but its own API key.
                var own = name == "apiKeys" ? 1 : 0;
                Assert.True(own == body.GetProperty("data").GetProperty(name).GetProperty("totalCount").GetInt32(), $"Query.{name} sees rows that are not B's: {text}");
            }
        }

        foreach (var field in schema.GetProperty("mutationType").GetProperty("fields").EnumerateArray())
        {
            var name = field.GetProperty("name").GetString()!;
            var args = field.GetProperty("args").EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToList();
            var target = TargetType(name);
            string? mutation = null;
            var expectNotFound = true;
            if (args.FirstOrDefault() == "id" && name != "updateWorkspace" && target is not null && ids.TryGetValue(target, out var id))
            {
                mutation = $"mutation {{ {name}(id: \"{id}\") {{ __typename }} }}".Replace(" { __typename }", ScalarResult(field) ? "" : " { __typename }", StringComparison.Ordinal);
            }
            else if (args.SequenceEqual(["input"]) && name.StartsWith("update", StringComparison.Ordinal) && target is not null && ids.TryGetValue(target, out var updated))
            {
                mutation = $"mutation {{ {name}(input: {{id: \"{updated}\"}}) {{ __typename }} }}";
            }
            else if (name is "updateWorkspace")
            {
                mutation = $"mutation {{ updateWorkspace(id: \"{ids["Workspace"]}\", name: \"taken\") {{ id }} }}";
            }
            else if (name is "addMember" or "setMemberRole")
            {
                mutation = $"mutation {{ {name}(userId: \"{ids["User"]}\", role: \"viewer\") {{ role }} }}";
            }
            else if (name is "removeMember")
            {
                mutation = $"mutation {{ removeMember(userId: \"{ids["User"]}\") }}";
            }
            else if (name is "setOrganizationRole")
            {
                mutation = $"mutation {{ setOrganizationRole(userId: \"{ids["User"]}\", role: \"viewer\") {{ role }} }}";
            }
            else if (name is "updateRole")
            {
                mutation = $"mutation {{ updateRole(slug: \"{ids["Role"]}\", name: \"taken\") {{ slug }} }}";
            }
            else if (name is "deleteRole")
            {
                mutation = $"mutation {{ deleteRole(slug: \"{ids["Role"]}\") }}";
            }
            else if (name is "muteIncident" or "unmuteIncident" or "assignIncident" or "muteCheck" or "unmuteCheck")
            {
                // A's incident or check, with a valid rest (B's own key as muter; nobody as assignee).
                var of = name.EndsWith("Check", StringComparison.Ordinal) ? ids["CheckDefinition"] : ids["Incident"];
                var rest = name.StartsWith("mute", StringComparison.Ordinal) ? ", until: \"2099-01-01T00:00:00Z\"" : name == "assignIncident" ? ", userId: null" : "";
                mutation = $"mutation {{ {name}(id: \"{of}\"{rest}) {{ __typename }} }}";
            }
            else if (name is "createCheck")
            {
                mutation = $"mutation {{ createCheck(input: {{connectionId: \"{ids["Connection"]}\", name: \"x\", checkType: \"row_count\", targetTable: \"t\", config: {{min: 1}}}}) {{ id }} }}";
            }
            else if (name is "createMaintenanceWindow")
            {
                mutation = $"mutation {{ createMaintenanceWindow(input: {{name: \"x\", connectionId: \"{ids["Connection"]}\", startsAt: \"2099-01-01T00:00:00Z\", endsAt: \"2099-01-02T00:00:00Z\"}}) {{ id }} }}";
            }
            else if (name is "createTableMonitors")
            {
                mutation = $"mutation {{ createTableMonitors(input: {{connectionId: \"{ids["Connection"]}\", all: true, schedule: \"0 * * * *\"}}) {{ created }} }}";
            }
            else if (name is "createSchedule")
            {
                mutation = $"mutation {{ createSchedule(input: {{checkId: \"{ids["CheckDefinition"]}\", cronExpression: \"*/5 * * * *\"}}) {{ id }} }}";
            }
            else if (name is "runChecks")
            {
                // Filters select within the caller's workspace: A's connection id matches none of B's checks.
                var data = await asB.DataAsync($"mutation {{ runChecks(input: {{connectionId: \"{ids["Connection"]}\"}}) {{ id }} }}");
                Assert.Equal(0, data.GetProperty("runChecks").GetArrayLength());
                expectNotFound = false;
            }
            else if (name is "registerDataset")
            {
                mutation = $"mutation {{ registerDataset(input: {{connectionId: \"{ids["Connection"]}\", schema: \"public\", table: \"b_reads\", name: \"x\"}}) {{ id }} }}";
            }
            else if (name is "runQuery")
            {
                mutation = $"mutation {{ runQuery(input: {{connectionId: \"{ids["Connection"]}\", sql: \"SELECT 1\"}}) {{ truncated }} }}";
            }
            else if (name is "createNotificationRule")
            {
                mutation = $"mutation {{ createNotificationRule(input: {{name: \"x\", channelIds: [\"{ids["NotificationChannel"]}\"]}}) {{ id }} }}";
                Assert.Equal("VALIDATION", await asB.ErrorCodeAsync(mutation));
                mutation = null;
                expectNotFound = false;
            }
            else if (name is "createConnection" or "createWebhook" or "createNotificationChannel" or "createSavedQuery" or "createApiKey" or "createWorkspace" or "reencryptConnectionConfigs"
                or "inviteMember" or "createRole" or "createOrganization" or "updateWorkspaceIncidentSettings")
            {
                // These take no id of another tenant: they act on the caller's own workspace. A is checked unchanged below.
                expectNotFound = false;
            }

            if (mutation is null && expectNotFound)
            {
                unguarded.Add("Mutation." + name);
                continue;
            }

            if (mutation is not null)
            {
                Assert.Equal("NOT_FOUND", await asB.ErrorCodeAsync(mutation));
            }
        }

        // Subscription streams filter by the subscriber's workspace when they start (WebSocketProtocolTests sends
        // another tenant's events down a live socket); a field this list does not know is unguarded until tested so.
        string[] guardedStreams = ["incidentChanged", "checkResultAdded", "queryStatusChanged"];
        unguarded.AddRange(schema.GetProperty("subscriptionType").GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!).Where(n => !guardedStreams.Contains(n)).Select(n => "Subscription." + n));

        await asB.DataAsync("mutation { reencryptConnectionConfigs }");
        Assert.Empty(unguarded);
        Assert.Equal(before, await SnapshotAsync(a));
    }

    private const string Introspection = """
        { __schema {
            queryType { fields { name type { ...TypeRef } args { name } } }
            mutationType { fields { name type { ...TypeRef } args { name } } }
            subscriptionType { fields { name } } } }
        fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
        """;

    private static string TypeName(JsonElement type) =>
        type.GetProperty("name").GetString() ?? TypeName(type.GetProperty("ofType"));

    private static bool ScalarResult(JsonElement field) => TypeName(field.GetProperty("type")) is "ID" or "Int" or "String" or "Boolean";

    private static string? TargetType(string mutation)
    {
        var noun = new[] { "create", "update", "delete", "revoke", "rotate", "test", "run", "cancel", "acknowledge", "resolve" }.Aggregate(mutation, (m, verb) => m.StartsWith(verb, StringComparison.Ordinal) ? m[verb.Length..] : m);
        return noun switch { "Check" => "CheckDefinition", "Query" => "QueryResult", _ => noun };
    }

    private async Task<Dictionary<string, string>> SeedAsync(TestTenant a)
    {
        var checks = await GraphSeed.ChecksWithIncidentsAsync(api, a, 2);
        var client = api.GraphQL(a.ApiKey);
        var schedule = (await client.DataAsync($"mutation {{ createSchedule(input: {{checkId: \"{GlobalId.Encode("CheckDefinition", checks[0].Id)}\", cronExpression: \"0 * * * *\"}}) {{ id }} }}")).GetProperty("createSchedule").GetProperty("id").GetString()!;
        var webhook = (await client.DataAsync("mutation { createWebhook(input: {name: \"h\", url: \"https://example.com\", events: [\"check.failed\"]}) { id } }")).GetProperty("createWebhook").GetProperty("id").GetString()!;
        var channel = (await client.DataAsync("mutation { createNotificationChannel(input: {name: \"c\", kind: PAGER_DUTY, routingKey: \"0123456789abcdef0123456789abcdef\"}) { id } }")).GetProperty("createNotificationChannel").GetProperty("id").GetString()!;
        var rule = (await client.DataAsync($"mutation {{ createNotificationRule(input: {{name: \"r\", channelIds: [\"{channel}\"]}}) {{ id }} }}")).GetProperty("createNotificationRule").GetProperty("id").GetString()!;
        var dataset = (await client.DataAsync($"mutation {{ registerDataset(input: {{connectionId: \"{GlobalId.Encode("Connection", checks[0].ConnectionId)}\", schema: \"public\", table: \"a_table\", name: \"a\", readRoles: [\"viewer\"]}}) {{ id }} }}")).GetProperty("registerDataset").GetProperty("id").GetString()!;
        var window = (await client.DataAsync("mutation { createMaintenanceWindow(input: {name: \"w\", cronExpression: \"0 2 * * 0\", durationMinutes: 60}) { id } }")).GetProperty("createMaintenanceWindow").GetProperty("id").GetString()!;
        var saved = (await client.DataAsync("mutation { createSavedQuery(input: {name: \"q\", query: \"select 1\", visibility: SHARED}) { id } }")).GetProperty("createSavedQuery").GetProperty("id").GetString()!;
        await using var db = api.Database.CreateDqContext();
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.CheckId == checks[0].Id);
        await using var data = api.Database.CreateDataContext();
        var run = new DqPlatform.Domain.Queries.QueryResult
        {
            OrgId = a.OrganizationId, WorkspaceId = a.WorkspaceId, ConnectionId = checks[0].ConnectionId, Mode = "batch", Status = "Queued", SqlHash = new string('0', 64),
        };
        data.QueryResults.Add(run);
        await data.SaveChangesAsync();
        var job = new DqPlatform.Domain.Jobs.Job { CheckId = checks[0].Id };
        GlobalId.TryDecode(channel, out _, out Guid channelId);
        db.NotificationDeliveries.Add(new DqPlatform.Domain.Notifications.NotificationDelivery
        {
            WorkspaceId = a.WorkspaceId, ChannelId = channelId, DispatchId = Guid.NewGuid(), Event = "incident.created", IncidentId = incident.Id,
        });
        db.Jobs.Add(job);
        // A's people: a member of its workspace and a custom role of its organization.
        var user = new DqPlatform.Domain.People.User { Id = Guid.CreateVersion7(), Issuer = "https://idp.test", ExternalId = Guid.NewGuid().ToString("N"), Email = "a@example.com" };
        db.Users.Add(user);
        db.OrganizationMembers.Add(new DqPlatform.Domain.People.OrganizationMember { OrganizationId = a.OrganizationId, UserId = user.Id, Role = "owner" });
        db.WorkspaceMembers.Add(new DqPlatform.Domain.People.WorkspaceMember { WorkspaceId = a.WorkspaceId, UserId = user.Id, Role = "editor" });
        db.CustomRoles.Add(new DqPlatform.Domain.People.CustomRole { OrganizationId = a.OrganizationId, Slug = "a-role", Name = "A", Scopes = ["read"] });
        await db.SaveChangesAsync();
        return new Dictionary<string, string>
        {
            ["Connection"] = GlobalId.Encode("Connection", checks[0].ConnectionId),
            ["CheckDefinition"] = GlobalId.Encode("CheckDefinition", checks[0].Id),
            ["Incident"] = GlobalId.Encode("Incident", incident.Id),
            ["Schedule"] = schedule,
            ["Job"] = GlobalId.Encode("Job", job.Id),
            ["Webhook"] = webhook,
            ["NotificationChannel"] = channel,
            ["NotificationRule"] = rule,
            ["MaintenanceWindow"] = window,
            ["SavedQuery"] = saved,
            ["Dataset"] = dataset,
            ["QueryResult"] = GlobalId.Encode("QueryResult", run.Id),
            ["ApiKey"] = GlobalId.Encode("ApiKey", a.ApiKeyId),
            ["Workspace"] = GlobalId.Encode("Workspace", a.WorkspaceId),
            ["User"] = GlobalId.Encode("User", user.Id),
            ["Role"] = "a-role",
        };
    }

    private async Task<string> SnapshotAsync(TestTenant a)
    {
        await using var db = api.Database.CreateDqContext();
        await using var data = api.Database.CreateDataContext();
        var connections = await db.Connections.AsNoTracking().Where(c => c.WorkspaceId == a.WorkspaceId).OrderBy(c => c.Id).Select(c => c.Name + Convert.ToBase64String(c.ConfigEncrypted)).ToListAsync();
        var checks = await db.CheckDefinitions.AsNoTracking().Where(c => c.Connection!.WorkspaceId == a.WorkspaceId).OrderBy(c => c.Id).Select(c => c.Name + c.Severity + c.UpdatedAt + c.MutedUntil).ToListAsync();
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.Check!.Connection!.WorkspaceId == a.WorkspaceId).Select(s => s.CronExpression + s.Enabled).ToListAsync();
        var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.WorkspaceId == a.WorkspaceId).Select(w => w.Name + w.Enabled).ToListAsync();
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => c.WorkspaceId == a.WorkspaceId).Select(c => c.Name + c.Enabled + c.UpdatedAt + c.ConsecutiveFailures).ToListAsync();
        var rules = await db.NotificationRules.AsNoTracking().Where(r => r.WorkspaceId == a.WorkspaceId).Select(r => r.Name + r.Position + r.UpdatedAt + r.ChannelIds.Length).ToListAsync();
        var deliveries = await db.NotificationDeliveries.AsNoTracking().CountAsync(d => d.WorkspaceId == a.WorkspaceId);
        var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.WorkspaceId == a.WorkspaceId).Select(w => w.Name + w.CronExpression + w.Duration).ToListAsync();
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Check!.Connection!.WorkspaceId == a.WorkspaceId).OrderBy(j => j.Id).Select(j => j.Id + ":" + j.Status).ToListAsync();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.Check!.Connection!.WorkspaceId == a.WorkspaceId).OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Status + i.FailureCount + i.MutedUntil + i.AssigneeId).ToListAsync();
        var statuses = await db.Connections.AsNoTracking().Where(c => c.WorkspaceId == a.WorkspaceId).Select(c => c.Status + ":" + c.LastTestedAt).ToListAsync();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == a.WorkspaceId).Select(k => k.Name + k.RevokedAt).ToListAsync();
        var saved = await data.SavedQueries.AsNoTracking().Where(q => q.WorkspaceId == a.WorkspaceId).Select(q => q.Name + q.Visibility).ToListAsync();
        var workspace = await db.Workspaces.AsNoTracking().Where(w => w.Id == a.WorkspaceId).Select(w => w.Name + w.UpdatedAt + w.IncidentGrouping + w.IncidentMinimumSeverity).ToListAsync();
        var members = await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == a.WorkspaceId).Select(m => m.UserId + m.Role).ToListAsync();
        var organizationRoles = await db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == a.OrganizationId).Select(m => m.UserId + ":" + m.Role).ToListAsync();
        var roles = await db.CustomRoles.AsNoTracking().Where(r => r.OrganizationId == a.OrganizationId).Select(r => r.Slug + r.Name + r.UpdatedAt).ToListAsync();
        var datasets = await db.Datasets.AsNoTracking().Where(d => d.WorkspaceId == a.WorkspaceId).Select(d => d.Name + string.Join(',', d.ReadRoles) + d.UpdatedAt).ToListAsync();
        var runs = await data.QueryResults.AsNoTracking().Where(r => r.WorkspaceId == a.WorkspaceId).OrderBy(r => r.Id).Select(r => r.Id + ":" + r.Status).ToListAsync();
        return string.Join('|', connections.Concat(checks).Concat(jobs).Concat(incidents).Concat(statuses).Concat(schedules).Concat(webhooks).Concat(channels).Concat(rules).Concat(windows).Append(deliveries.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(keys).Concat(saved).Concat(runs)
            .Concat(workspace).Concat(members).Concat(organizationRoles).Concat(roles).Concat(datasets));
    }
}
