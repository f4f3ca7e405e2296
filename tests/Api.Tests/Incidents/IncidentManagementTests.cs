using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.People;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Incidents;

/// <summary>
/// Issue 31, item 5: mutes silence incident events (what subscriptions, webhooks and channels deliver from) while
/// results and counts go on; groupings per table and per connection and category; a minimum severity; an assignee.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class IncidentManagementTests(IncidentManagementFactory api) : IClassFixture<IncidentManagementFactory>, IAsyncLifetime
{
    private readonly ConcurrentQueue<DqEvent> _heard = new();
    private IDisposable? _listening;
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        _listening = api.Services.GetRequiredService<IEventBus>().Listen(_heard.Enqueue);
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        _connectionId = (await _client.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"source\", type: POSTGRESQL, config: $config}) { id } }",
            new { config = api.SourceConfig() })).GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync()
    {
        _listening?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task MuteIncident_FailingRunsCountButPublishNothing_UntilTheMuteEnds()
    {
        var check = await CheckAsync("rows muted", "row_count", null, """{"max": 1}""");
        await RunAsync(check);
        var incident = await HeardAsync(check, 1);
        var id = GlobalId.Encode("Incident", incident.IncidentId);

        var muted = (await _client.DataAsync($"mutation {{ muteIncident(id: \"{id}\", until: \"{Iso(api.Clock.UtcNow.AddHours(1))}\", reason: \"deploy\") {{ mutedUntil muteReason mutedBy {{ __typename }} }} }}"))
            .GetProperty("muteIncident");
        Assert.Equal(("deploy", "ApiKey"), (muted.GetProperty("muteReason").GetString(), muted.GetProperty("mutedBy").GetProperty("__typename").GetString()));
        await RunAsync(check);

        // Positive control: a failing check that is not muted is heard; the muted incident's second failure is not.
        var control = await CheckAsync("control", "row_count", null, """{"max": 2}""");
        await RunAsync(control);
        await HeardAsync(control, 1);
        Assert.DoesNotContain(_heard.OfType<IncidentChanged>(), e => e.IncidentId == incident.IncidentId && e.FailureCount == 2);
        Assert.Equal(2, await FailureCountAsync(incident.IncidentId));
        Assert.Equal(2, await ResultCountAsync(check));

        Assert.True(await AuditedAsync("incident", incident.IncidentId, "mutedUntil"));
        api.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(JsonValueKind.Null, (await _client.DataAsync($"{{ node(id: \"{id}\") {{ ... on Incident {{ mutedUntil }} }} }}")).GetProperty("node").GetProperty("mutedUntil").ValueKind);
        await RunAsync(check);
        Assert.Equal(IncidentChangeKind.Updated, (await HeardAsync(check, 3)).Change);
    }

    [Fact]
    public async Task MuteCheck_OpensAndCountsSilently_UnmuteLetsTheNextChangeThrough()
    {
        var check = await CheckAsync("nulls muted", "null_count", "customer_email", """{"max": 0}""");
        var mutedUntil = (await _client.DataAsync($"mutation {{ muteCheck(id: \"{check}\", until: \"{Iso(api.Clock.UtcNow.AddDays(1))}\") {{ mutedUntil }} }}"))
            .GetProperty("muteCheck").GetProperty("mutedUntil");
        Assert.Equal(JsonValueKind.String, mutedUntil.ValueKind);
        await RunAsync(check);

        var control = await CheckAsync("control", "row_count", null, """{"max": 3}""");
        await RunAsync(control);
        await HeardAsync(control, 1);
        var checkId = IdOf(check);
        Assert.DoesNotContain(_heard.OfType<IncidentChanged>(), e => e.CheckId == checkId);
        Assert.Equal(1, await ResultCountAsync(check));

        await _client.DataAsync($"mutation {{ unmuteCheck(id: \"{check}\") {{ id }} }}");
        Assert.True(await AuditedAsync("check", checkId, "muteReason") || await AuditedAsync("check", checkId, "mutedUntil"));
        Assert.DoesNotContain(_heard.OfType<IncidentChanged>(), e => e.CheckId == checkId);
        await RunAsync(check);
        Assert.Equal(2, (await HeardAsync(check, 2)).FailureCount);
    }

    [Fact]
    public async Task MuteCheck_WebhookDeliversNoIncidentEvent_WhileMuted()
    {
        using var receiver = new Webhooks.WebhookReceiver();
        await _client.DataAsync("mutation($u: String!) { createWebhook(input: {name: \"hook\", url: $u, events: [\"incident.created\", \"incident.updated\"], secret: \"webhook-secret-0123456789\"}) { id } }",
            new { u = receiver.Url });
        var check = await CheckAsync("hooked", "row_count", null, """{"max": 1}""");
        await _client.DataAsync($"mutation {{ muteCheck(id: \"{check}\", until: \"{Iso(api.Clock.UtcNow.AddHours(1))}\") {{ id }} }}");
        await RunAsync(check);

        // Positive control: a check that is not muted is delivered; it is the only delivery.
        var control = await CheckAsync("control", "row_count", null, """{"max": 4}""");
        await RunAsync(control);
        await receiver.WaitForAsync(1);
        await HeardAsync(control, 1);
        var delivered = Assert.Single(receiver.Requests);
        Assert.Equal("incident.created", delivered.Headers["X-DQP-Event"]);
        Assert.Contains(IdOf(control).ToString(), delivered.Body, StringComparison.Ordinal);

        await _client.DataAsync($"mutation {{ unmuteCheck(id: \"{check}\") {{ id }} }}");
        await RunAsync(check);
        await receiver.WaitForAsync(2);
        Assert.Contains(receiver.Requests, r => r.Headers["X-DQP-Event"] == "incident.updated" && r.Body.Contains(IdOf(check).ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-1", "VALIDATION")]
    [InlineData("91", "VALIDATION")]
    public async Task MuteCheck_UntilNotAheadOrTooFar_IsRefusedAndChangesNothing(string days, string code)
    {
        var check = await CheckAsync("refused mute", "row_count", null, """{"max": 1}""");
        var until = Iso(api.Clock.UtcNow.AddDays(double.Parse(days, CultureInfo.InvariantCulture)));
        Assert.Equal(code, await _client.ErrorCodeAsync($"mutation {{ muteCheck(id: \"{check}\", until: \"{until}\") {{ id }} }}"));
        var node = (await _client.DataAsync($"{{ node(id: \"{check}\") {{ ... on CheckDefinition {{ mutedUntil }} }} }}")).GetProperty("node");
        Assert.Equal(JsonValueKind.Null, node.GetProperty("mutedUntil").ValueKind);
    }

    [Fact]
    public async Task TableGrouping_TwoChecksOfOneTableFailingAtOnce_OpenExactlyOneIncident()
    {
        await _client.DataAsync("mutation { updateWorkspaceIncidentSettings(grouping: TABLE) { incidentGrouping } }");
        var rows = await CheckAsync("rows", "row_count", null, """{"max": 1}""");
        var nulls = await CheckAsync("nulls", "null_count", "customer_email", """{"max": 0}""");
        var jobs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _client.DataAsync($"mutation {{ runCheck(id: \"{(i % 2 == 0 ? rows : nulls)}\") {{ id }} }}")));
        foreach (var job in jobs)
        {
            await WaitForJobAsync(job.GetProperty("runCheck").GetProperty("id").GetString()!);
        }

        await using var db = api.Database.CreateDqContext();
        var ids = new[] { IdOf(rows), IdOf(nulls) };
        var incident = Assert.Single(await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.CheckId)).ToListAsync());
        Assert.Equal((IncidentGrouping.Table, 6), (incident.Grouping, incident.FailureCount));
        var counted = (await _client.DataAsync($"{{ node(id: \"{GlobalId.Encode("Incident", incident.Id)}\") {{ ... on Incident {{ grouping checks {{ failureCount check {{ id }} }} }} }} }}"))
            .GetProperty("node");
        Assert.Equal("TABLE", counted.GetProperty("grouping").GetString());
        Assert.Equal([3, 3], counted.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("failureCount").GetInt32()));
    }

    [Fact]
    public async Task ConnectionAndCategoryGrouping_GroupsCompletenessChecksApartFromVolume()
    {
        await _client.DataAsync("mutation { updateWorkspaceIncidentSettings(grouping: CONNECTION_AND_CATEGORY) { id } }");
        var nullCount = await CheckAsync("null count", "null_count", "customer_email", """{"max": 0}""");
        var nullPercent = await CheckAsync("null percent", "null_percent", "customer_email", """{"max": 1}""");
        var rows = await CheckAsync("rows", "row_count", null, """{"max": 1}""");
        foreach (var check in new[] { nullCount, nullPercent, rows })
        {
            await RunAsync(check);
        }

        await using var db = api.Database.CreateDqContext();
        var ids = new[] { IdOf(nullCount), IdOf(nullPercent), IdOf(rows) };
        var incidents = await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.CheckId)).OrderBy(i => i.FailureCount).ToListAsync();
        Assert.Equal([1, 2], incidents.Select(i => i.FailureCount));
        Assert.EndsWith(":volume", incidents[0].GroupKey);
        Assert.EndsWith(":completeness", incidents[1].GroupKey);
    }

    [Fact]
    public async Task MinimumSeverity_FailureBelowItIsStoredAndAnnouncedButOpensNoIncident()
    {
        var settings = (await _client.DataAsync("mutation { updateWorkspaceIncidentSettings(minimumSeverity: ERROR) { incidentMinimumSeverity } }"))
            .GetProperty("updateWorkspaceIncidentSettings");
        Assert.Equal("ERROR", settings.GetProperty("incidentMinimumSeverity").GetString());
        Assert.True(await AuditedAsync("workspace", _tenant.WorkspaceId, "incidentMinimumSeverity"));
        var warning = await CheckAsync("warning only", "row_count", null, """{"max": 1}""", "WARNING");
        var error = await CheckAsync("error", "row_count", null, """{"max": 1}""", "ERROR");
        await RunAsync(warning);
        await RunAsync(error);
        await HeardAsync(error, 1);

        var warningId = IdOf(warning);
        Assert.Contains(_heard.OfType<CheckResultAdded>(), e => e.CheckId == warningId && !e.Passed);
        await using var db = api.Database.CreateDqContext();
        Assert.False(await db.Incidents.AnyAsync(i => i.CheckId == warningId));
        Assert.Equal(1, await ResultCountAsync(warning));
    }

    [Fact]
    public async Task AssignIncident_ToMember_PublishesAndShowsTheUser_OthersAreRefused()
    {
        var check = await CheckAsync("assigned", "row_count", null, """{"max": 1}""");
        await RunAsync(check);
        var incident = await HeardAsync(check, 1);
        var id = GlobalId.Encode("Incident", incident.IncidentId);
        var member = await TestPeople.UserAsync(api, _tenant, name: "Grace Hopper");

        var assigned = (await _client.DataAsync($"mutation {{ assignIncident(id: \"{id}\", userId: \"{GlobalId.Encode("User", member)}\") {{ assignee {{ name }} }} }}"))
            .GetProperty("assignIncident");
        Assert.Equal("Grace Hopper", assigned.GetProperty("assignee").GetProperty("name").GetString());
        await WaitUntilAsync(() => _heard.OfType<IncidentChanged>().Any(e => e.IncidentId == incident.IncidentId && e.Change == IncidentChangeKind.Updated));

        var otherTenant = await TestTenant.CreateAsync(api);
        var stranger = await TestPeople.UserAsync(api, otherTenant);
        Assert.Equal("ASSIGNEE_NOT_MEMBER", await _client.ErrorCodeAsync($"mutation {{ assignIncident(id: \"{id}\", userId: \"{GlobalId.Encode("User", stranger)}\") {{ id }} }}"));
        Assert.Equal("ASSIGNEE_NOT_MEMBER", await _client.ErrorCodeAsync($"mutation {{ assignIncident(id: \"{id}\", userId: \"{GlobalId.Encode("User", Guid.NewGuid())}\") {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await api.GraphQL(otherTenant.ApiKey).ErrorCodeAsync($"mutation {{ assignIncident(id: \"{id}\", userId: null) {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await api.GraphQL(otherTenant.ApiKey).ErrorCodeAsync($"mutation {{ muteIncident(id: \"{id}\", until: \"{Iso(api.Clock.UtcNow.AddHours(1))}\") {{ id }} }}"));
        Assert.Equal("NOT_FOUND", await api.GraphQL(otherTenant.ApiKey).ErrorCodeAsync($"mutation {{ muteCheck(id: \"{check}\", until: \"{Iso(api.Clock.UtcNow.AddHours(1))}\") {{ id }} }}"));

        await using var db = api.Database.CreateDqContext();
        Assert.Equal(member, (await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == incident.IncidentId)).AssigneeId);
        Assert.True(await AuditedAsync("incident", incident.IncidentId, "assigneeId"));

        var unassigned = (await _client.DataAsync($"mutation {{ assignIncident(id: \"{id}\", userId: null) {{ assignee {{ name }} }} }}")).GetProperty("assignIncident");
        Assert.Equal(JsonValueKind.Null, unassigned.GetProperty("assignee").ValueKind);
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private async Task<string> CheckAsync(string name, string type, string? column, string config, string severity = "ERROR") =>
        (await _client.DataAsync(
            "mutation($c: ID!, $n: String!, $t: String!, $col: String, $cfg: JSON!, $s: CheckSeverity!) { createCheck(input: {connectionId: $c, name: $n, checkType: $t, targetTable: \"orders\", targetColumn: $col, config: $cfg, severity: $s}) { id } }",
            new { c = _connectionId, n = name, t = type, col = column, cfg = JsonSerializer.Deserialize<JsonElement>(config), s = severity }))
            .GetProperty("createCheck").GetProperty("id").GetString()!;

    private async Task RunAsync(string checkId) =>
        await WaitForJobAsync((await _client.DataAsync($"mutation {{ runCheck(id: \"{checkId}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString()!);

    private async Task WaitForJobAsync(string jobId) =>
        await WaitUntilAsync(async () => (await _client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ status }} }} }}"))
            .GetProperty("node").GetProperty("status").GetString() is "COMPLETED" or "FAILED");

    // The worker announces right after it commits, so an event may trail the job row by a moment.
    private async Task<IncidentChanged> HeardAsync(string checkId, int failureCount)
    {
        var id = IdOf(checkId);
        IncidentChanged? heard = null;
        await WaitUntilAsync(() => (heard = _heard.OfType<IncidentChanged>().FirstOrDefault(e => e.CheckId == id && e.FailureCount == failureCount)) is not null);
        return heard!;
    }

    private Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(100);
        }
    }

    private async Task<bool> AuditedAsync(string entityType, Guid id, string field)
    {
        await using var db = api.Database.CreateDqContext();
        var changes = await db.AuditLog.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == id).Select(a => a.Changes).ToListAsync();
        return changes.Any(c => c is not null && JsonDocument.Parse(c).RootElement.TryGetProperty(field, out _));
    }

    private async Task<int> FailureCountAsync(Guid incidentId)
    {
        await using var db = api.Database.CreateDqContext();
        return await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => i.FailureCount).SingleAsync();
    }

    private async Task<int> ResultCountAsync(string checkId)
    {
        var id = IdOf(checkId);
        await using var db = api.Database.CreateDqContext();
        return await db.CheckResults.CountAsync(r => r.CheckId == id);
    }
}
