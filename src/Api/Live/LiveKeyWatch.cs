using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.WebSockets;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>
/// Closes the live sockets of credentials that stop working within a few seconds, as they lose HTTP access: API keys
/// revoked, expired or deleted; tokens expired; users whose membership of the socket's workspace (or organization) was
/// removed. Each distinct credential is checked once an interval, however many sockets hold it: an on-call screen
/// open 5,000 times is one key to check, not 5,000 timers waking every few seconds.
/// </summary>
public sealed partial class LiveKeyWatch(CallerAuthentication authentication, IOptions<LiveOptions> options, ILogger<LiveKeyWatch> logger)
    : BackgroundService
{
    private readonly Dictionary<string, List<Action>> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// What is watched for a socket: its bearer credential, and for a user the workspace the socket entered (an API key
    /// is the key alone: it has one workspace).
    /// </summary>
    public static string Credential(string bearer, Guid? workspaceId) => workspaceId is { } id ? bearer + "\n" + id.ToString("N") : bearer;

    /// <summary>Calls <paramref name="revoked"/> once <paramref name="key"/> (a <see cref="Credential"/>) stops working. Dispose to stop watching.</summary>
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
            var newline = key.IndexOf('\n', StringComparison.Ordinal);
            var (bearer, workspace) = newline < 0 ? (key, null) : (key[..newline], key[(newline + 1)..]);
            var outcome = await authentication.AuthenticateAsync(bearer, workspace, cancellationToken);
            if (outcome.Caller is not null)
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

    [LoggerMessage(LogLevel.Information, "A credential stopped working (key revoked or expired, token expired, membership removed): closing the {Count} live socket(s) that use it.")]
    private static partial void LogKeyRevoked(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Could not check a live socket's credential; it is checked again next interval.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
