using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>
/// A steady load on one node: query loops reading incidents, one mutation loop acknowledging then resolving
/// incidents in turn, and (given a check) one loop running that check. Every request's outcome is kept with the times
/// it was sent and answered.
/// </summary>
public sealed class RequestLoad : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private readonly List<Task> _loops = [];

    public RequestLoad(string baseUrl, string apiKey, IReadOnlyList<string> incidents, int queryLoops, Stopwatch clock, string? checkToRun = null)
    {
        _clock = clock;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        for (var i = 0; i < queryLoops; i++)
        {
            _loops.Add(Task.Run(QueryLoopAsync));
        }

        _loops.Add(Task.Run(() => MutationLoopAsync(incidents)));
        if (checkToRun is not null)
        {
            _loops.Add(Task.Run(() => CheckLoopAsync(checkToRun)));
        }
    }

    public ConcurrentQueue<Outcome> Outcomes { get; } = new();

    /// <summary>The (incident, change) of every mutation answered without error: each must reach every subscriber once.</summary>
    public IEnumerable<(string Incident, string Change)> Changed =>
        Outcomes.Where(o => o is { Ok: true, Incident: not null }).Select(o => (o.Incident!, o.Change!));

    /// <summary>The job of every runCheck answered without error: each must end, with its result heard once.</summary>
    public IEnumerable<string> Jobs => Outcomes.Where(o => o is { Ok: true, Kind: "check" }).Select(o => o.Job!);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task QueryLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await SendAsync("{ incidents(first: 10) { totalCount nodes { id status failureCount } } }", null, null);
            await Pause(25);
        }
    }

    private async Task MutationLoopAsync(IReadOnlyList<string> incidents)
    {
        foreach (var incident in incidents)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            // An incident whose acknowledgement went unanswered is left alone: whether it committed is not known.
            if (await SendAsync($"mutation {{ acknowledgeIncident(id: \"{incident}\") {{ status }} }}", incident, "ACKNOWLEDGED"))
            {
                await Pause(40);
                await SendAsync($"mutation {{ resolveIncident(id: \"{incident}\") {{ status }} }}", incident, "RESOLVED");
            }

            await Pause(40);
        }
    }

    private async Task CheckLoopAsync(string check)
    {
        while (!_stop.IsCancellationRequested)
        {
            await SendAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}", null, null, "check");
            await Pause(200);
        }
    }

    private async Task Pause(int milliseconds) =>
        await Task.Delay(milliseconds, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);

    private async Task<bool> SendAsync(string query, string? incident, string? change, string? kind = null)
    {
        var sent = _clock.Elapsed;
        int status;
        string? code;
        string? job = null;
        try
        {
            using var response = await _http.PostAsJsonAsync("/graphql", new { query });
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            code = ErrorCode(text);
            if (kind == "check" && status == 200 && code is null)
            {
                using var json = JsonDocument.Parse(text);
                job = json.RootElement.GetProperty("data").GetProperty("runCheck").GetProperty("id").GetString();
            }
        }
        catch (HttpRequestException e)
        {
            (status, code) = (0, "NETWORK " + e.Message);
        }
        catch (TaskCanceledException)
        {
            (status, code) = (0, "TIMEOUT");
        }

        var outcome = new Outcome(sent, _clock.Elapsed, kind ?? (incident is null ? "query" : "mutation"), status, code, incident, change, job);
        Outcomes.Enqueue(outcome);
        return outcome.Ok;
    }

    private static string? ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("errors", out var errors)
                ? errors[0].TryGetProperty("extensions", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() : "NO CODE"
                : null;
        }
        catch (JsonException)
        {
            return "NOT JSON";
        }
    }

    public sealed record Outcome(TimeSpan Sent, TimeSpan Answered, string Kind, int Status, string? Code, string? Incident, string? Change, string? Job = null)
    {
        public bool Ok => Status == 200 && Code is null;

        public bool Unavailable => Status == 503 && Code == "SERVICE_UNAVAILABLE";

        public override string ToString() => $"{Kind} sent {Sent.TotalSeconds:0.00}s answered {Answered.TotalSeconds:0.00}s: {Status} {Code}";
    }
}
