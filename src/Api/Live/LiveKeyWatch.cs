using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>
/// Closes the live sockets of API keys that stop working (revoked, expired, deleted) within a few seconds, as those keys
/// lose HTTP access. Each distinct key is checked once an interval, however many sockets hold it: an on-call screen
/// open 5,000 times is one key to check, not 5,000 timers waking every few seconds.
/// </summary>
public sealed partial class LiveKeyWatch(ApiKeyAuthenticator authenticator, IOptions<LiveOptions> options, ILogger<LiveKeyWatch> logger)
    : BackgroundService
{
    private readonly Dictionary<string, List<Action>> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Calls <paramref name="revoked"/> once <paramref name="key"/> stops working. Dispose to stop watching.</summary>
    public IDisposable Watch(string key, Action revoked)
    {
        lock (_gate)
        {
            if (!_watchers.TryGetValue(key, out var list))
            {
                _watchers[key] = list = [];
            }

            list.Add(revoked);
        }

        return new DisposeOnce(() => Unwatch(key, revoked));
    }

    /// <summary>How many sockets watch <paramref name="key"/> (diagnostics and tests).</summary>
    public int WatchersOf(string key)
    {
        lock (_gate)
        {
            return _watchers.TryGetValue(key, out var list) ? list.Count : 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Keys are checked a few at a time: a status older than its cache lifetime is a database read, and thousands of
    // distinct keys checked one after another would stretch a round past the interval.
    private Task CheckAllAsync(CancellationToken cancellationToken)
    {
        string[] keys;
        lock (_gate)
        {
            keys = [.. _watchers.Keys];
        }

        return Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, CheckAsync);
    }

    private async ValueTask CheckAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            if (await authenticator.AuthenticateAsync(key, cancellationToken) is not null)
            {
                return;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything but shutdown: a throw here would stop the host. The key store is unreachable, so the sockets stay
            // (as HTTP callers with cached keys do) and the key is checked again next interval.
            LogCheckFailed(logger, e);
            return;
        }

        Action[] revoked;
        lock (_gate)
        {
            revoked = _watchers.Remove(key, out var list) ? [.. list] : [];
        }

        LogKeyRevoked(logger, revoked.Length);
        foreach (var close in revoked)
        {
            close();
        }
    }

    private void Unwatch(string key, Action revoked)
    {
        lock (_gate)
        {
            if (_watchers.TryGetValue(key, out var list) && list.Remove(revoked) && list.Count == 0)
            {
                _watchers.Remove(key);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "An API key stopped working: closing the {Count} live socket(s) that use it.")]
    private static partial void LogKeyRevoked(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Could not check a live socket's API key; it is checked again next interval.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
