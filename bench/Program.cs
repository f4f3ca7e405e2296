using System.Net.Http.Headers;
using System.Text;
using DqPlatform.Bench;
using DqPlatform.TestSupport;
using Npgsql;

// Dashboard requests over HTTP (GraphQL) next to the same data read with hand-written SQL through Npgsql, measured in
// the same run on the same database; and the cost of authentication (API key, identity provider token). Usage:
//   dotnet run -c Release --project bench -- [seconds per run, default 15] [all | dashboards | auth | breakdown | series]
//   dotnet run -c Release --project bench -- [source rows, default 200000] engine
//   dotnet run -c Release --project bench -- 0 anomaly   (anomaly evaluation over 10,000 values, and loading them)
//   dotnet run -c Release --project bench -- [events, default 60] fanout [KEY=VALUE … for the API's environment]
//   dotnet run -c Release --project bench -- [events, default 20] fanout-ab <other build's DqPlatform.Api.dll | same> [KEY=VALUE … for A]
//   dotnet run -c Release --project bench -- [rows, default 5000000] export
//   dotnet run -c Release --project bench -- [incidents, default 100] notify   (5 channels, local receivers: incident committed → received, p50/p95/max)
//   dotnet run -c Release --project bench -- 0 serve [checks]   (the dashboard data and server under load, left running for a profiler)
//   dotnet run -c Release --project bench -- [seconds per round] telemetry [incidents | checks]   (telemetry off against on, same build)
//   dotnet run -c Release --project bench -- [seconds per phase] fairness [other build's DqPlatform.Api.dll | this] [KEY=VALUE … for both]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 15;
var only = args.Length > 1 ? args[1] : "all"; // dashboards | auth | breakdown | series | engine | all
if (only is "fanout")
{
    // KEY=VALUE arguments are set in the API's environment (to try a setting without a rebuild).
    await FanoutBench.RunAsync([1000, 5000], events: seconds > 0 ? seconds : 60, KeyValues(args.Skip(2)));
    return;
}

if (only is "fanout-ab")
{
    await FanoutAbBench.RunAsync(5000, events: seconds > 0 ? seconds : 20, args.Length > 2 && args[2] != "same" ? args[2] : null,
        KeyValues(args.Skip(3)));
    return;
}

if (only is "notify")
{
    await NotifyBench.RunAsync(args.Length > 0 && int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) > 0
        ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}

if (only is "export")
{
    await ExportBench.RunAsync(args.Length > 0 && int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) > 0
        ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5_000_000);
    return;
}

if (only is "anomaly")
{
    await AnomalyBench.RunAsync();
    return;
}

if (only is "engine")
{
    // The check engine's own benchmark needs no dashboard-scale data: args[0] is the source table's row count.
    await EngineBench.RunAsync(args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000);
    return;
}

const int Clients = 16;

var database = new PostgresDatabase();
await database.InitializeAsync();
var redis = (await TestServers.RedisAsync()).ConnectionString;
Guid workspaceId;
string apiKey;
await using (var db = database.CreateDqContext())
{
    (workspaceId, apiKey) = await TestData.CreateTenantAsync(db, "bench");
}

var seeding = System.Diagnostics.Stopwatch.StartNew();
var minuteCheck = await DashboardData.SeedAsync(database.ConnectionString, workspaceId, checks: 10_000, results: 1_000_000, incidents: 5_000);
Console.WriteLine($"seeded 10,000 checks, 1,000,000 results, 5,000 incidents in {seeding.Elapsed.TotalSeconds:F0} s");

// The auth mode's identity provider: a real issuer (discovery and JWKS over HTTP) whose token the API validates.
await using var issuer = only is "all" or "auth" ? await TestOidcIssuer.StartAsync() : null;
var identity = new Dictionary<string, string>();
if (issuer is not null)
{
    identity["Dqp__Identity__Providers__bench__Authority"] = issuer.Authority;
    identity["Dqp__Identity__Providers__bench__Audience"] = "dqp-bench";
    identity["Dqp__Identity__Providers__bench__RequireHttpsMetadata"] = "false";
    identity["Dqp__Identity__Providers__bench__GroupRoles__bench-viewers"] = "viewer";
    identity["Dqp__Identity__Providers__bench__Organizations__0"] = "bench";
    await using var setup = new NpgsqlConnection(database.ConnectionString);
    await setup.OpenAsync();
    await using var slug = new NpgsqlCommand("UPDATE dq.organizations SET slug = 'bench' WHERE id = (SELECT organization_id FROM dq.workspaces WHERE id = $1)", setup);
    slug.Parameters.AddWithValue(workspaceId);
    await slug.ExecuteNonQueryAsync();
}

// The telemetry mode's "on" side exports everything it records to a stand-in collector, as a deployment with a
// collector would (traces, metrics and logs over OTLP), and is scraped like Prometheus would scrape it.
await using var otlp = only is "telemetry" ? new OtlpSink() : null;
await using var api = await BenchApi.StartAsync(database.ConnectionString, redis, otlp is null ? identity : new Dictionary<string, string>
{
    ["Dqp__Telemetry__OtlpEndpoint"] = otlp.Endpoint,
    ["Dqp__Telemetry__OtlpProtocol"] = "http/protobuf",
    // Metrics pushed every 10 s instead of every 60, so short rounds include their cost too.
    ["OTEL_METRIC_EXPORT_INTERVAL"] = "10000",
});
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(api.BaseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
await using var dataSource = new NpgsqlDataSourceBuilder(database.ConnectionString).Build();
// Long enough for tiered JIT and dynamic PGO to settle under load on 2 cores (shorter warm-ups measured the JIT).
var warmup = TimeSpan.FromSeconds(15);
var duration = TimeSpan.FromSeconds(seconds);

const string incidentsQuery = """
    { incidents(first: 100, where: {status: {in: [OPEN, ACKNOWLEDGED]}}, order: [{severity: DESC}, {firstSeen: DESC}]) {
        nodes { id severity failureCount firstSeen lastSeen check { name targetTable connection { name } } } } }
    """;
const string checksQuery = """
    { checkDefinitions(first: 100, where: {enabled: {eq: true}}) {
        nodes { id name targetTable checkType latestResult { executedAt rulePassed sensorValue } } } }
    """;
const string incidentsSql = """
    SELECT i.id, i.severity, i.failure_count, i.first_seen, i.last_seen, c.name, c.target_table, conn.name
    FROM dq.incidents i JOIN dq.check_definitions c ON c.id = i.check_id JOIN dq.connections conn ON conn.id = c.connection_id
    WHERE i.status IN ('open', 'acknowledged') AND conn.workspace_id = $1
    ORDER BY i.severity DESC, i.first_seen DESC, i.id DESC LIMIT 100
    """;
const string checksSql = """
    SELECT c.id, c.name, c.target_table, c.check_type, r.executed_at, r.rule_passed, r.sensor_value
    FROM (SELECT c.* FROM dq.check_definitions c JOIN dq.connections conn ON conn.id = c.connection_id
          WHERE c.enabled AND conn.workspace_id = $1 ORDER BY c.name, c.id LIMIT 100) c
    LEFT JOIN LATERAL (SELECT executed_at, rule_passed, sensor_value FROM dq.check_results
                       WHERE executed_at = c.latest_result_at AND id = c.latest_result_id LIMIT 1) r ON true
    ORDER BY c.name, c.id
    """;

Task GraphQLAsync(string query, CancellationToken ct) => GraphQLOnAsync(http, query, ct);

async Task GraphQLOnAsync(HttpClient client, string query, CancellationToken ct)
{
    using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
    using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content, ct);
    var body = await response.Content.ReadAsStringAsync(ct);
    if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException(body);
    }
}

// A load run and the API's CPU milliseconds per measured request; the CPU is read after the warm-up.
static async Task<(LoadResult Run, double CpuMsPerRequest)> MeasuredAsync(ApiProcess process, Func<Task<LoadResult>> run, TimeSpan warmup)
{
    var cpu = TimeSpan.Zero;
    var reader = Task.Run(async () =>
    {
        await Task.Delay(warmup);
        cpu = process.ProcessorTime;
    });
    var result = await run();
    await reader;
    return (result, (process.ProcessorTime - cpu).TotalMilliseconds / result.Requests);
}

async Task SqlAsync(string sql, CancellationToken ct)
{
    await using var cmd = dataSource.CreateCommand(sql);
    cmd.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    var rows = 0;
    while (await reader.ReadAsync(ct))
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = reader.GetValue(i);
        }

        rows++;
    }

    if (rows != 100)
    {
        throw new InvalidOperationException($"expected 100 rows, got {rows}");
    }
}

// Two API processes on the same data loaded in alternation, A then B each round, so that the machine's drift (large
// on a shared 2-core host) falls on both alike; throughput and the API's CPU per request (which moves less with what
// else the machine is doing). Returns the mean B/A throughput over rounds 2 and on.
async Task<double> AlternateAsync(ApiProcess a, string nameA, ApiProcess b, string nameB, string query, int rounds)
{
    using var aHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(a.BaseUrl) };
    aHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    using var bHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(b.BaseUrl) };
    bHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    var rates = new List<(double A, double B, double CpuA, double CpuB)>();
    for (var round = 0; round < rounds; round++)
    {
        var roundWarmup = round == 0 ? warmup : TimeSpan.FromSeconds(2);
        var (ra, cpuA) = await MeasuredAsync(a, () => LoadRun.RunAsync(nameA, Clients, roundWarmup, duration, ct => GraphQLOnAsync(aHttp, query, ct)), roundWarmup);
        var (rb, cpuB) = await MeasuredAsync(b, () => LoadRun.RunAsync(nameB, Clients, roundWarmup, duration, ct => GraphQLOnAsync(bHttp, query, ct)), roundWarmup);
        Console.WriteLine($"{ra}   API CPU {cpuA:F3} ms/request\n{rb}   API CPU {cpuB:F3} ms/request\n  B/A {rb.RequestsPerSecond / ra.RequestsPerSecond:F2}   CPU per request B/A {cpuB / cpuA:F2}");
        rates.Add((ra.RequestsPerSecond, rb.RequestsPerSecond, cpuA, cpuB));
    }

    var measured = rates.Count > 1 ? rates.Skip(1).ToList() : rates;
    var throughput = measured.Average(r => r.B / r.A);
    Console.WriteLine($"mean B/A over rounds {(rates.Count > 1 ? 2 : 1)}-{rates.Count}: throughput {throughput:F2}, API CPU per request {measured.Average(r => r.CpuB / r.CpuA):F2} (below 1: B is cheaper)");
    return throughput;
}

if (only is "telemetry")
{
    // Issue 28's target: telemetry on (traces of every request recorded and exported, metrics scraped and pushed)
    // serves at least 0.95 of the dashboards' throughput with it off. Same build, two processes, interleaved.
    await using var off = await BenchApi.StartAsync(database.ConnectionString, redis, new Dictionary<string, string> { ["Dqp__Telemetry__Enabled"] = "false" });
    var query = args.Length > 2 && args[2] == "checks" ? checksQuery : incidentsQuery;
    using var scraper = new HttpClient { BaseAddress = new Uri(api.BaseUrl) };
    using var stopScraping = new CancellationTokenSource();
    var scraped = 0;
    var scraping = Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), stopScraping.Token);
                (await scraper.GetAsync(new Uri("/metrics", UriKind.Relative), stopScraping.Token)).EnsureSuccessStatusCode();
                scraped++;
            }
        }
        catch (OperationCanceledException) when (stopScraping.IsCancellationRequested)
        {
        }
    });
    var ratio = await AlternateAsync(off, "A (telemetry off)", api, "B (telemetry on) ", query, rounds: 8);
    await stopScraping.CancelAsync();
    await scraping;
    Console.WriteLine($"telemetry on/off throughput {ratio:F2} (target >= 0.95); the collector received {otlp!.Exports} exports, {otlp.Bytes / 1024.0:F0} KiB; {scraped} scrapes of /metrics");
    await database.DisposeAsync();
    return;
}

if (only is "ab")
{
    // Two builds of the API side by side on the same data, loaded in alternation (AlternateAsync): args[2] is the other
    // build's DqPlatform.Api.dll, "same" runs this build twice; extra KEY=VALUE arguments are environment variables for A only.
    await using var other = await BenchApi.StartAsync(database.ConnectionString, redis, KeyValues(args.Skip(4)), args[2] == "same" ? null : args[2]);
    // "typename" isolates the cost of authenticating the key: the trivial request of the auth mode, with the key.
    var query = args.Length > 3 ? args[3] switch { "checks" => checksQuery, "typename" => "{ __typename }", _ => incidentsQuery } : incidentsQuery;
    await AlternateAsync(other, "A (" + args[2] + ")", api, "B (this build)", query, rounds: 8);
    await database.DisposeAsync();
    return;
}

if (only is "fairness")
{
    // Issue 29: a quiet workspace's latency, idle and while another floods the node with the checks dashboard. With
    // another build's dll, that build is measured first on the same data ("before"), then this one.
    string quietKey;
    await using (var db = database.CreateDqContext())
    {
        (_, quietKey) = await TestData.CreateTenantAsync(db, "quiet");
    }

    var settings = KeyValues(args.Skip(3));
    if (args.Length > 2 && args[2] != "this")
    {
        await using var before = await BenchApi.StartAsync(database.ConnectionString, redis, settings, args[2]);
        await FairnessBench.RunAsync(before, "before (" + args[2] + ")", apiKey, quietKey, checksQuery, duration);
    }

    await using var after = settings.Count == 0 ? null : await BenchApi.StartAsync(database.ConnectionString, redis, settings);
    await FairnessBench.RunAsync(after ?? api, "after (this build)", apiKey, quietKey, checksQuery, duration);
    await database.DisposeAsync();
    return;
}

if (only is "serve")
{
    // For a profiler: the server under a dashboard's load (incidents, or checks) until Enter is pressed.
    var (served, servedQuery) = args.Length > 2 && args[2] == "checks" ? ("enabled checks", checksQuery) : ("open incidents", incidentsQuery);
    Console.WriteLine($"API {api.BaseUrl} (pid {api.ProcessId}); key {apiKey}; database {database.ConnectionString}");
    Console.WriteLine("Press Enter to stop.");
    using var stop = new CancellationTokenSource();
    var load = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            // CPU per request of each process: steadier than throughput on a shared 2-core machine.
            var (api0, pg0, self0) = (api.ProcessorTime, CpuTime.Postgres(), CpuTime.Self());
            var run = await LoadRun.RunAsync("GraphQL (HTTP)   " + served, Clients, TimeSpan.Zero, duration, ct => GraphQLAsync(servedQuery, ct));
            Console.WriteLine($"{run}   CPU ms/request: API {(api.ProcessorTime - api0).TotalMilliseconds / run.Requests:F2}, PostgreSQL {(CpuTime.Postgres() - pg0).TotalMilliseconds / run.Requests:F2}, client {(CpuTime.Self() - self0).TotalMilliseconds / run.Requests:F2}");
        }
    });
    Console.ReadLine();
    await stop.CancelAsync();
    await load;
    await database.DisposeAsync();
    return;
}

if (only is "all" or "series")
{
    await SeriesBench.RunAsync(api, http, dataSource, workspaceId, minuteCheck, TimeSpan.FromSeconds(5), duration);
    if (only is "series")
    {
        await database.DisposeAsync();
        return;
    }
}

Console.WriteLine($"{Clients} concurrent clients, {seconds} s per run (the dashboards: per round, SQL and GraphQL alternating), after a {warmup.TotalSeconds:F0} s warm-up");
if (only is "all" or "auth")
{
    // Issue 4's target: authenticating with a cached key costs under 5% of throughput. Same trivial request both ways.
    using var anonymous = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(api.BaseUrl) };
    async Task TypenameAsync(HttpClient client, CancellationToken ct)
    {
        using var content = new StringContent("{\"query\":\"{ __typename }\"}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content, ct);
        response.EnsureSuccessStatusCode();
    }

    // Issue 30's target: a signed-in user's token costs what a key costs. A real JWT (RS256, from the issuer above, the
    // user provisioned at its first request into the organization its claim names, as a viewer by group).
    using var signedIn = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(api.BaseUrl) };
    signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer!.Mint("bench-user", "dqp-bench",
        new Dictionary<string, object> { ["org"] = "bench", ["groups"] = new[] { "bench-viewers" } }, lifetime: TimeSpan.FromHours(6)));

    // Interleaved rounds, so JIT tiering and machine noise fall on every side alike. The API's CPU per request is
    // printed beside throughput: on a shared 2-core machine it is the steadier of the two.
    var open = new List<(LoadResult Run, double Cpu)>();
    var keyed = new List<(LoadResult Run, double Cpu)>();
    var tokened = new List<(LoadResult Run, double Cpu)>();
    const int authRounds = 6;
    for (var round = 0; round < authRounds; round++)
    {
        var roundWarmup = round == 0 ? warmup : TimeSpan.FromSeconds(2);
        open.Add(await MeasuredAsync(api, () => LoadRun.RunAsync("{ __typename } without a key", Clients, roundWarmup, duration, ct => TypenameAsync(anonymous, ct)), roundWarmup));
        keyed.Add(await MeasuredAsync(api, () => LoadRun.RunAsync("{ __typename } with a cached API key", Clients, roundWarmup, duration, ct => TypenameAsync(http, ct)), roundWarmup));
        tokened.Add(await MeasuredAsync(api, () => LoadRun.RunAsync("{ __typename } with a validated JWT", Clients, roundWarmup, duration, ct => TypenameAsync(signedIn, ct)), roundWarmup));
        foreach (var side in new[] { open[^1], keyed[^1], tokened[^1] })
        {
            Console.WriteLine($"{side.Run}   API CPU {side.Cpu:F3} ms/request");
        }
    }

    double Rate(List<(LoadResult Run, double Cpu)> runs) => runs.Skip(1).Average(r => r.Run.RequestsPerSecond);
    double Cpu(List<(LoadResult Run, double Cpu)> runs) => runs.Skip(1).Average(r => r.Cpu);
    Console.WriteLine($"  authentication cost (rounds 2-{authRounds}): key {100 * (1 - (Rate(keyed) / Rate(open))):F1}%, token {100 * (1 - (Rate(tokened) / Rate(open))):F1}% of throughput; API CPU per request key {Cpu(keyed) / Cpu(open):F2}×, token {Cpu(tokened) / Cpu(open):F2}× of no credential");
    Console.WriteLine($"  token against key (rounds 2-{authRounds}): {100 * (1 - (Rate(tokened) / Rate(keyed))):F1}% of the key's throughput (target < 5%); API CPU per request {Cpu(tokened) / Cpu(keyed):F2}× the key's");
}

if (only is "breakdown")
{
    // Where a dashboard request's time goes: the same list with less and less nested work.
    foreach (var (label, query) in new[]
    {
        ("incidents page of 10, no arguments", "{ incidents(first: 10) { nodes { id } } }"),
        ("incidents page of 100, no arguments", "{ incidents(first: 100) { nodes { id } } }"),
        ("incidents page, ids only", "{ incidents(first: 100, where: {status: {in: [OPEN, ACKNOWLEDGED]}}) { nodes { id } } }"),
        ("incidents page, scalars", "{ incidents(first: 100, where: {status: {in: [OPEN, ACKNOWLEDGED]}}) { nodes { id severity failureCount firstSeen lastSeen } } }"),
        ("+ check", "{ incidents(first: 100, where: {status: {in: [OPEN, ACKNOWLEDGED]}}) { nodes { id severity check { name targetTable } } } }"),
        ("+ check + connection", incidentsQuery),
        ("workspace only", "{ workspace { name } }"),
    })
    {
        Console.WriteLine(await LoadRun.RunAsync(label, Clients, warmup, duration, ct => GraphQLAsync(query, ct)));
    }
}

foreach (var (name, query, sql) in only is "auth" or "breakdown" ? [] : new[] { ("open incidents with check and connection", incidentsQuery, incidentsSql), ("enabled checks with latest result", checksQuery, checksSql) })
{
    // SQL and GraphQL in alternating rounds, each round as long as the seconds asked for.
    const int Rounds = 3;
    var (raw, graph, ratios) = await LoadRun.InterleavedAsync(
        "SQL (Npgsql)     " + name, ct => SqlAsync(sql, ct), "GraphQL (HTTP)   " + name, ct => GraphQLAsync(query, ct),
        Clients, warmup, duration, Rounds);
    Console.WriteLine(raw);
    Console.WriteLine(graph);
    Console.WriteLine($"  ratio GraphQL/SQL throughput: {graph.RequestsPerSecond / raw.RequestsPerSecond:F2} (target >= 0.50; rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}); GraphQL p99 {graph.P99Ms:F1} ms (target < 50 ms)");
}

await database.DisposeAsync();

// KEY=VALUE command-line arguments as a dictionary (environment variables for an API process).
static Dictionary<string, string> KeyValues(IEnumerable<string> arguments) =>
    arguments.Select(a => a.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
