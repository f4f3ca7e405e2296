using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Security;

/// <summary>
/// A tenant cannot reach the platform through its own features: its database (under any name for this machine, and
/// through a tunnel that hides the address), its Redis, or addresses the network policy denies — not when a
/// connection is saved, tested, queried, or run by a check, by hand or on schedule.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class PlatformReachTests(CheckEngineFactory api) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private GraphQLClient _client = null!;

    private NpgsqlConnectionStringBuilder Platform => new(api.Database.ConnectionString);

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _client = api.GraphQL(_tenant.ApiKey);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every name this machine answers to: loopback in its IPv4 and IPv6 spellings, and its interfaces' addresses.</summary>
    public static TheoryData<string> ThisMachine()
    {
        var hosts = new TheoryData<string> { "127.0.0.1", "localhost", "127.0.0.2", "::1", "[::1]", "::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1" };
        foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal).Distinct())
        {
            hosts.Add(address.ToString());
        }

        return hosts;
    }

    [Theory]
    [MemberData(nameof(ThisMachine))]
    public async Task CreateConnection_ToPlatformDatabaseUnderAnyNameOfThisMachine_IsForbidden(string host)
    {
        var before = await ConnectionCountAsync();
        foreach (var type in new[] { "POSTGRESQL", "REDSHIFT", "MYSQL" })
        {
            var config = new { host, port = Platform.Port, database = Platform.Database, user = "postgres", password = "x" };
            var (_, body) = await _client.SendAsync($"mutation($config: JSON!) {{ createConnection(input: {{name: \"p\", type: {type}, config: $config}}) {{ id }} }}", new { config });
            Assert.Equal("FORBIDDEN", Code(body));
            Assert.Contains("platform", Message(body), StringComparison.Ordinal);
        }

        Assert.Equal(before, await ConnectionCountAsync());
    }

    [Fact]
    public async Task CreateConnection_ToPlatformRedisOrDeniedAddress_IsForbidden()
    {
        var redisPort = int.Parse(api.RedisConnectionString.Split(',')[0].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (host, port) in new[] { ("127.0.0.1", redisPort), ("169.254.169.254", 5432), ("fe80::1", 5432), ("0.0.0.0", 5432), ("fd00:ec2::254", 5432), ("::ffff:169.254.169.254", 5432) })
        {
            var config = new { host, port, database = "x", user = "x", password = "x" };
            var (_, body) = await _client.SendAsync("mutation($config: JSON!) { createConnection(input: {name: \"p\", type: POSTGRESQL, config: $config}) { id } }", new { config });
            Assert.True(Code(body) == "FORBIDDEN", $"{host}:{port} answered {body}");
        }

        // A socket folder or a host list is not a network target the guard could judge.
        foreach (var host in new[] { "/tmp", "127.0.0.1,10.0.0.1", "np:\\\\.\\pipe\\sql\\query" })
        {
            var (_, body) = await _client.SendAsync("mutation($config: JSON!) { createConnection(input: {name: \"p\", type: POSTGRESQL, config: $config}) { id } }",
                new { config = new { host, database = "x", user = "x" } });
            Assert.Equal("VALIDATION", Code(body));
        }
    }

    [Fact]
    public async Task TestConnection_ToTenantsOwnDatabaseOnSameCluster_IsStillASource()
    {
        var created = await _client.DataAsync("mutation($config: JSON!) { createConnection(input: {name: \"own\", type: POSTGRESQL, config: $config}) { id } }", new { config = api.SourceConfig() });
        var id = created.GetProperty("createConnection").GetProperty("id").GetString()!;
        var tested = await _client.DataAsync($"mutation {{ testConnection(id: \"{id}\") {{ status lastError }} }}");
        Assert.Equal("HEALTHY", tested.GetProperty("testConnection").GetProperty("status").GetString());
    }

    /// <summary>
    /// A connection that was saved while its name pointed elsewhere (DNS changes) and now points at the platform: every
    /// path that connects refuses it, and nothing is read.
    /// </summary>
    [Fact]
    public async Task SavedConnection_NowPointingAtPlatform_IsRefusedByTestQueryCheckAndSchedule()
    {
        var connectionId = await StoreConnectionAsync(new { host = "127.0.0.1", port = Platform.Port, database = Platform.Database, user = Platform.Username, password = Platform.Password ?? "", sslMode = "Disable" });
        var id = DqPlatform.GraphQL.Relay.GlobalId.Encode("Connection", connectionId);

        var tested = (await _client.DataAsync($"mutation {{ testConnection(id: \"{id}\") {{ status lastError }} }}")).GetProperty("testConnection");
        Assert.NotEqual("HEALTHY", tested.GetProperty("status").GetString());
        Assert.Contains("platform", tested.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var query = new Queries.QueryTestClient(_client, id);
        var run = await query.RunAsync("SELECT key_prefix, key_hash FROM dq.api_keys");
        Assert.Equal(("FAILED", "FORBIDDEN"), (run.GetProperty("result").GetProperty("status").GetString(), run.GetProperty("result").GetProperty("errorCode").GetString()));
        Assert.Empty(run.GetProperty("rows").EnumerateArray());

        var check = (await _client.DataAsync(
            "mutation($c: ID!) { createCheck(input: {connectionId: $c, name: \"keys\", checkType: \"custom_sql\", targetTable: \"api_keys\", config: {sql: \"SELECT count(*) FROM dq.api_keys\", max: 0}}) { id } }",
            new { c = id })).GetProperty("createCheck").GetProperty("id").GetString()!;
        var job = (await _client.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString()!;
        var byHand = await WaitForJobAsync(job);
        Assert.Equal("FAILED", byHand.GetProperty("status").GetString());
        Assert.Contains("platform", byHand.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var measured = byHand.GetProperty("result");
        Assert.True(measured.ValueKind == JsonValueKind.Null || measured.GetProperty("sensorValue").ValueKind == JsonValueKind.Null, "a value was read: " + measured);

        // On schedule: due now, fired by the tick.
        DqPlatform.GraphQL.Relay.GlobalId.TryDecode(check, out _, out Guid checkId);
        await using (var db = api.Database.CreateDqContext())
        {
            db.Schedules.Add(new Schedule { CheckId = checkId, CronExpression = "0 0 1 1 *", NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }

        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ScheduleDispatcher>().TickAsync(CancellationToken.None);
        }

        await using (var db = api.Database.CreateDqContext())
        {
            var scheduled = await db.Jobs.AsNoTracking().Where(j => j.CheckId == checkId && j.TriggeredBy == Domain.Jobs.JobTrigger.Schedule).Select(j => j.Id).SingleAsync();
            var ran = await WaitForJobAsync(DqPlatform.GraphQL.Relay.GlobalId.Encode("Job", scheduled));
            Assert.Contains("platform", ran.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A TCP tunnel on another port hides the platform's address and port; once connected, the server's own identity
    /// (cluster system identifier and database) gives it away. The tenant's own database through the same tunnel is fine.
    /// </summary>
    [Fact]
    public async Task Connection_ThroughTunnelToPlatformDatabase_IsRefusedByServerIdentity()
    {
        using var tunnel = new TcpTunnel(Platform.Port);
        var config = new { host = "127.0.0.1", port = tunnel.Port, database = Platform.Database, user = Platform.Username, password = Platform.Password ?? "", sslMode = "Disable" };
        var created = await _client.DataAsync("mutation($config: JSON!) { createConnection(input: {name: \"tunnel\", type: POSTGRESQL, config: $config}) { id } }", new { config });
        var id = created.GetProperty("createConnection").GetProperty("id").GetString()!;

        var tested = (await _client.DataAsync($"mutation {{ testConnection(id: \"{id}\") {{ status lastError }} }}")).GetProperty("testConnection");
        Assert.Contains("platform's own database", tested.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var run = await new Queries.QueryTestClient(_client, id).RunAsync("SELECT key_hash FROM dq.api_keys");
        Assert.Equal("FORBIDDEN", run.GetProperty("result").GetProperty("errorCode").GetString());
        Assert.Empty(run.GetProperty("rows").EnumerateArray());
        Assert.True(tunnel.Connections > 0, "the run never reached the tunnel, so the identity check was not what refused it");

        var source = new NpgsqlConnectionStringBuilder(api.SourceConnectionString);
        var own = new { host = "127.0.0.1", port = tunnel.Port, database = source.Database, user = source.Username, password = source.Password ?? "", sslMode = "Disable" };
        var ownId = (await _client.DataAsync("mutation($config: JSON!) { createConnection(input: {name: \"own via tunnel\", type: POSTGRESQL, config: $config}) { id } }", new { config = own }))
            .GetProperty("createConnection").GetProperty("id").GetString()!;
        var rows = await new Queries.QueryTestClient(_client, ownId).RunAsync("SELECT count(*) AS n FROM orders");
        Assert.Equal("SUCCEEDED", rows.GetProperty("result").GetProperty("status").GetString());
    }

    private async Task<Guid> StoreConnectionAsync(object config)
    {
        await using var db = api.Database.CreateDqContext();
        var protector = api.Services.GetRequiredService<ConnectionConfigProtector>();
        var connection = new Connection { WorkspaceId = _tenant.WorkspaceId, Name = "renamed " + Guid.NewGuid().ToString("N")[..6], Type = ConnectionType.Postgresql, ConfigEncrypted = protector.Protect(JsonSerializer.Serialize(config)) };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return connection.Id;
    }

    private async Task<JsonElement> WaitForJobAsync(string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await _client.DataAsync($"{{ node(id: \"{jobId}\") {{ ... on Job {{ status errorMessage result {{ sensorValue }} }} }} }}")).GetProperty("node");
            if (job.GetProperty("status").GetString() is "COMPLETED" or "FAILED")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {job.GetProperty("status")} after 60 s");
            await Task.Delay(200);
        }
    }

    private async Task<int> ConnectionCountAsync()
    {
        await using var db = api.Database.CreateDqContext();
        return await db.Connections.CountAsync(c => c.WorkspaceId == _tenant.WorkspaceId);
    }

    private static string? Code(JsonElement body) =>
        body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;

    private static string Message(JsonElement body) => body.GetProperty("errors")[0].GetProperty("message").GetString()!;

    /// <summary>Forwards every accepted connection to a local port, byte for byte, and counts them.</summary>
    private sealed class TcpTunnel : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public TcpTunnel(int target)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    _ = Task.Run(async () =>
                    {
                        using var inbound = client;
                        using var outbound = new TcpClient();
                        await outbound.ConnectAsync(IPAddress.Loopback, target);
                        var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), _stop.Token);
                        var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), _stop.Token);
                        await Task.WhenAny(a, b);
                    });
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
