using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DqPlatform.TestSupport;
using Npgsql;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DqPlatform.Bench;

/// <summary>
/// Issue 32's benchmark: 100 failing checks run at once (runChecks), each opening an incident; one rule sends every
/// change to 5 channels (Slack, Teams, PagerDuty, a webhook channel, e-mail), all received by local receivers in this
/// process. Latency per delivery: receiver arrival minus the incident row's created_at (its transaction's start, so a
/// little more than from commit). Prints p50/p95/max.
/// </summary>
public static partial class NotifyBench
{
    public static async Task RunAsync(int incidents)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var sourceName = "dqp_bench_src_" + Guid.NewGuid().ToString("N")[..8];
        var source = await PostgresDatabase.CreateEmptyAsync(sourceName);
        try
        {
            await RunAsync(database, source, incidents);
        }
        finally
        {
            await PostgresDatabase.DropAsync(sourceName);
            await database.DisposeAsync();
        }
    }

    private static async Task RunAsync(PostgresDatabase database, string source, int incidents)
    {
        await using (var seed = new NpgsqlConnection(source))
        {
            await seed.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10);", seed);
            await create.ExecuteNonQueryAsync();
        }

        var arrivals = new ConcurrentBag<(Guid Incident, DateTimeOffset At, string Channel)>();
        using var http = new Receiver(arrivals);
        var smtpPort = FreePort.Next();
        using var stopSmtp = new CancellationTokenSource();
        var smtpServices = new ServiceProvider();
        smtpServices.Add(new MailStore(arrivals));
        var smtp = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Port(smtpPort).Build(), smtpServices).StartAsync(stopSmtp.Token);

        var settings = new Dictionary<string, string>
        {
            ["Dqp__Jobs__WorkerCount"] = "16",
            ["Dqp__Webhooks__AllowedHosts__0"] = "127.0.0.1",
            ["Dqp__Notifications__PagerDutyEventsUrl"] = http.Url + "pagerduty",
            ["Dqp__Notifications__PublicBaseUrl"] = "https://dq.bench",
        };
        await using var api = await WorkerApi.StartAsync(database, source, settings);
        async Task<JsonElement> GraphQL(string query, object? variables = null) => await EngineBench.GraphQLAsync(api.Http, query, variables);

        var webhook = (await GraphQL("mutation($u: String!) { createWebhook(input: {name: \"w\", url: $u, events: [\"query.failed\"]}) { id } }", new { u = http.Url + "webhook" }))
            .GetProperty("createWebhook").GetProperty("id").GetString();
        var channels = new List<string>();
        foreach (var (name, input) in new (string, string)[]
        {
            ("slack", $"kind: SLACK, url: \"{http.Url}slack\""),
            ("teams", $"kind: TEAMS, url: \"{http.Url}teams\""),
            ("pagerduty", "kind: PAGER_DUTY, routingKey: \"0123456789abcdef0123456789abcdef\""),
            ("webhook", $"kind: WEBHOOK, webhookId: \"{webhook}\""),
            ("email", $"kind: EMAIL, email: {{host: \"127.0.0.1\", port: {smtpPort}, security: NONE, from: \"dq@example.com\", to: [\"ops@example.com\"]}}"),
        })
        {
            channels.Add((await GraphQL($"mutation {{ createNotificationChannel(input: {{name: \"{name}\", {input}}}) {{ id }} }}")).GetProperty("createNotificationChannel").GetProperty("id").GetString()!);
        }

        await GraphQL("mutation($c: [ID!]!) { createNotificationRule(input: {name: \"all\", channelIds: $c, events: [CREATED]}) { id } }", new { c = channels });
        await using (var platform = new NpgsqlConnection(database.ConnectionString))
        {
            await platform.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO dq.check_definitions (connection_id, name, check_type, target_type, target_schema, target_table, config)
                SELECT c.id, 'too many orders ' || i, 'row_count', 'table'::dq.check_target_type, 'public', 'orders', '{"max": 1}'::jsonb
                FROM dq.connections c, generate_series(1, $1) i
                """, platform);
            insert.Parameters.AddWithValue(incidents);
            await insert.ExecuteNonQueryAsync();
        }

        var expected = incidents * channels.Count;
        var started = Stopwatch.StartNew();
        await GraphQL($"mutation {{ runChecks(input: {{connectionId: \"{api.ConnectionId}\"}}) {{ id }} }}");
        while (arrivals.Count < expected && started.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
        }

        // Anything the API logged about notifications (a failing immediate attempt shows here).
        foreach (var line in api.Process.RecentOutput.Where(l => l.Contains("otification", StringComparison.Ordinal)).Take(10))
        {
            Console.WriteLine("  api: " + line);
        }

        var opened = new Dictionary<Guid, DateTimeOffset>();
        await using (var platform = new NpgsqlConnection(database.ConnectionString))
        {
            await platform.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT id, created_at FROM dq.incidents", platform);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                opened[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        // The same deliveries measured from their log row's insert (the fan-out, just after the change committed and was
        // published): what the pipeline adds, without the wait of the check runs' transactions on each other.
        var queuedAt = new Dictionary<(Guid, string), DateTimeOffset>();
        await using (var platform = new NpgsqlConnection(database.ConnectionString))
        {
            await platform.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT d.incident_id, c.name, d.created_at FROM dq.notification_deliveries d JOIN dq.notification_channels c ON c.id = d.channel_id WHERE d.attempt = 1", platform);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                queuedAt[(reader.GetGuid(0), reader.GetString(1))] = reader.GetFieldValue<DateTimeOffset>(2);
            }
        }

        var fromQueued = arrivals.Where(a => queuedAt.ContainsKey((a.Incident, a.Channel))).Select(a => (a.At - queuedAt[(a.Incident, a.Channel)]).TotalMilliseconds).Order().ToArray();
        var latencies = arrivals.Where(a => opened.ContainsKey(a.Incident)).Select(a => (a.At - opened[a.Incident]).TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"notify: {opened.Count} incidents × {channels.Count} channels: {arrivals.Count} of {expected} deliveries received in {started.Elapsed.TotalSeconds:F1} s");
        if (latencies.Length > 0)
        {
            Console.WriteLine($"incident committed → received at the receiver: p50 {Percentile(latencies, 0.50):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, max {latencies[^1]:F0} ms (target p95 < 2000 ms)");
            Console.WriteLine($"queued by the fan-out → received: p50 {Percentile(fromQueued, 0.50):F0} ms, p95 {Percentile(fromQueued, 0.95):F0} ms, max {fromQueued[^1]:F0} ms");
            foreach (var group in arrivals.Where(a => opened.ContainsKey(a.Incident)).GroupBy(a => a.Channel).OrderBy(g => g.Key))
            {
                var each = group.Select(a => (a.At - opened[a.Incident]).TotalMilliseconds).Order().ToArray();
                Console.WriteLine($"  {group.Key,-10} n={each.Length,4} p50 {Percentile(each, 0.50),6:F0} ms  p95 {Percentile(each, 0.95),6:F0} ms  max {each[^1],6:F0} ms");
            }
        }

        stopSmtp.Cancel();
        try
        {
            await smtp;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    // The incident in a message: PagerDuty's dedup key, the webhook body's incidentId, or the link's global id elsewhere.
    private static Guid? IncidentOf(string body)
    {
        if (DedupKey().Match(body) is { Success: true } dedup)
        {
            return Guid.Parse(dedup.Groups[1].Value);
        }

        if (IncidentIdField().Match(body) is { Success: true } field)
        {
            return Guid.Parse(field.Groups[1].Value);
        }

        if (Link().Match(body) is { Success: true } link)
        {
            var text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(link.Groups[1].Value));
            return Guid.ParseExact(text["Incident:".Length..], "N");
        }

        return null;
    }

    [GeneratedRegex("\"dedup_key\":\"([0-9a-f-]{36})\"")]
    private static partial Regex DedupKey();

    [GeneratedRegex("\"incidentId\":\"([0-9a-f-]{36})\"")]
    private static partial Regex IncidentIdField();

    [GeneratedRegex("/incidents/([A-Za-z0-9_-]+)")]
    private static partial Regex Link();

    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();

        public Receiver(ConcurrentBag<(Guid, DateTimeOffset, string)> arrivals)
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    _ = Task.Run(async () =>
                    {
                        using var reader = new StreamReader(context.Request.InputStream);
                        var body = await reader.ReadToEndAsync();
                        var at = DateTimeOffset.UtcNow;
                        if (IncidentOf(body) is { } incident)
                        {
                            arrivals.Add((incident, at, context.Request.Url!.AbsolutePath.Trim('/')));
                        }

                        context.Response.StatusCode = 202;
                        context.Response.Close();
                    });
                }
            });
        }

        public string Url { get; }

        public void Dispose() => _listener.Close();
    }

    private sealed class MailStore(ConcurrentBag<(Guid, DateTimeOffset, string)> arrivals) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var at = DateTimeOffset.UtcNow;
            using var stream = new MemoryStream(buffer.ToArray());
            if (IncidentOf(MimeKit.MimeMessage.Load(stream).TextBody ?? "") is { } incident)
            {
                arrivals.Add((incident, at, "email"));
            }

            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
