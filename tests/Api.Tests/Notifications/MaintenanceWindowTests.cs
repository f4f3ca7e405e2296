using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>Declaring maintenance windows through the graph: shapes, refusals, scope and isolation.</summary>
public sealed class MaintenanceWindowTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private const string Fields = "id name connectionId tag cronExpression timezone durationMinutes startsAt endsAt openUntil";
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;
    private string _connectionId = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
        _connectionId = (await _client.DataAsync("mutation { createConnection(input: {name: \"src\", type: POSTGRESQL, config: {host: \"h\", password: \"pw-123456\"}}) { id } }"))
            .GetProperty("createConnection").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonElement> CreateAsync(object input) =>
        _client.DataAsync($"mutation($i: CreateMaintenanceWindowInput!) {{ createMaintenanceWindow(input: $i) {{ {Fields} }} }}", new { i = input });

    [Fact]
    public async Task Recurring_OnAConnection_IsStoredAndListed()
    {
        var created = (await CreateAsync(new { name = "Sunday loads", connectionId = _connectionId, cronExpression = "0 2 * * 0", timezone = "Europe/Berlin", durationMinutes = 180 }))
            .GetProperty("createMaintenanceWindow");
        Assert.Equal(_connectionId, created.GetProperty("connectionId").GetString());
        Assert.Equal(180, created.GetProperty("durationMinutes").GetInt32());
        Assert.Equal("Europe/Berlin", created.GetProperty("timezone").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("startsAt").ValueKind);

        var listed = (await _client.DataAsync("{ maintenanceWindows { nodes { id name } } }")).GetProperty("maintenanceWindows").GetProperty("nodes");
        Assert.Contains(listed.EnumerateArray(), n => n.GetProperty("id").GetString() == created.GetProperty("id").GetString());
    }

    [Fact]
    public async Task OneOff_OpenNow_SaysWhenItCloses()
    {
        var endsAt = DateTimeOffset.UtcNow.AddHours(2);
        var created = (await CreateAsync(new { name = "migration", tag = "finance", startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), endsAt }))
            .GetProperty("createMaintenanceWindow");
        Assert.Equal("finance", created.GetProperty("tag").GetString());
        Assert.Equal(endsAt.ToUnixTimeSeconds(), created.GetProperty("openUntil").GetDateTimeOffset().ToUnixTimeSeconds());

        var later = (await CreateAsync(new { name = "later", startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(2) }))
            .GetProperty("createMaintenanceWindow");
        Assert.Equal(JsonValueKind.Null, later.GetProperty("openUntil").ValueKind);
    }

    [Theory]
    [InlineData("{\"name\":\"x\"}", "VALIDATION")]                                                                   // neither shape
    [InlineData("{\"name\":\"x\",\"cronExpression\":\"0 2 * * 0\",\"durationMinutes\":60,\"startsAt\":\"{start}\"}", "VALIDATION")] // both
    [InlineData("{\"name\":\"x\",\"cronExpression\":\"0 2 * * 0\"}", "VALIDATION")]                                  // no duration
    [InlineData("{\"name\":\"x\",\"cronExpression\":\"not cron\",\"durationMinutes\":60}", "VALIDATION")]
    [InlineData("{\"name\":\"x\",\"cronExpression\":\"0 2 * * 0\",\"durationMinutes\":60,\"timezone\":\"Mars/Base\"}", "VALIDATION")]
    [InlineData("{\"name\":\"x\",\"cronExpression\":\"0 2 * * 0\",\"durationMinutes\":20000}", "VALIDATION")]       // > 7 days
    [InlineData("{\"name\":\"x\",\"startsAt\":\"2020-01-01T00:00:00Z\",\"endsAt\":\"2020-01-02T00:00:00Z\"}", "VALIDATION")] // in the past
    [InlineData("{\"name\":\"\",\"startsAt\":\"{start}\",\"endsAt\":\"{end}\"}", "VALIDATION")]
    [InlineData("{\"name\":\"x\",\"connectionId\":\"not-an-id\",\"startsAt\":\"{start}\",\"endsAt\":\"{end}\"}", "BAD_USER_INPUT")]
    public async Task BadInput_IsRefusedAndStoresNothing(string input, string code)
    {
        var before = await CountAsync();
        Assert.Equal(code, await _client.ErrorCodeAsync("mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }",
            new { i = JsonSerializer.Deserialize<JsonElement>(input
                .Replace("{start}", Iso(DateTimeOffset.UtcNow.AddDays(1)), StringComparison.Ordinal)
                .Replace("{end}", Iso(DateTimeOffset.UtcNow.AddDays(2)), StringComparison.Ordinal)) }));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task AnotherWorkspacesConnectionAndWindow_AreNotFound()
    {
        var other = await TestTenant.CreateAsync(api);
        var otherClient = api.GraphQL(other.ApiKey);
        Assert.Equal("NOT_FOUND", await otherClient.ErrorCodeAsync(
            "mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }",
            new { i = new { name = "theirs", connectionId = _connectionId, startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1) } }));

        var mine = (await CreateAsync(new { name = "mine", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1) }))
            .GetProperty("createMaintenanceWindow").GetProperty("id").GetString()!;
        Assert.Equal("NOT_FOUND", await otherClient.ErrorCodeAsync($"mutation {{ deleteMaintenanceWindow(id: \"{mine}\") }}"));
        var theirList = (await otherClient.DataAsync("{ maintenanceWindows { nodes { id } } }")).GetProperty("maintenanceWindows").GetProperty("nodes");
        Assert.DoesNotContain(theirList.EnumerateArray(), n => n.GetProperty("id").GetString() == mine);
        var node = (await otherClient.DataAsync($"{{ node(id: \"{mine}\") {{ id }} }}")).GetProperty("node");
        Assert.Equal(JsonValueKind.Null, node.ValueKind);

        Assert.Equal(mine, (await _client.DataAsync($"mutation {{ deleteMaintenanceWindow(id: \"{mine}\") }}")).GetProperty("deleteMaintenanceWindow").GetString());
    }

    [Fact]
    public async Task ReadOnlyKey_CannotDeclareAWindow()
    {
        var reader = await TestTenant.CreateAsync(api, "read");
        Assert.Equal("FORBIDDEN", await api.GraphQL(reader.ApiKey).ErrorCodeAsync(
            "mutation($i: CreateMaintenanceWindowInput!) { createMaintenanceWindow(input: $i) { id } }",
            new { i = new { name = "x", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1) } }));
    }

    // A future range relative to now, so no row of the theory depends on the calendar.
    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> CountAsync()
    {
        await using var db = api.Database.CreateDqContext();
        return await db.MaintenanceWindows.CountAsync(w => w.WorkspaceId == _tenant.WorkspaceId);
    }
}
