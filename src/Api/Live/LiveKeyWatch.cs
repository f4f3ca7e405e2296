using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.WebSockets;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>
/// Closes the live sockets of credentials that stop working within a few seconds, as they lose HTTP access: API keys
/// revoked, expired or deleted; tokens expired; users whose membership of the socket's workspace (or organization) was
/// removed; and sockets whose caller now authenticates with other scopes or roles (a demotion, a custom role changed),
/// so the client reconnects with its rights of the moment instead of keeping the ones captured at connect. Each distinct credential is checked once an interval, however many sockets hold it: an on-call screen
/// open 5,000 times is one key to check, not 5,000 timers waking every few seconds.
/// </summary>
public sealed partial class LiveKeyWatch(CallerAuthentication authentication, IOptions<LiveOptions> options, ILogger<LiveKeyWatch> logger)
    : BackgroundService
{
    private readonly Dictionary<string, List<Watcher>> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// What is watched for a socket: its bearer credential, and for a user the workspace the socket entered (an API key
    /// is the key alone: it has one workspace).
    /// </summary>
    public static string Credential(string bearer, Guid? workspaceId) => workspaceId is { } id ? bearer + "\n" + id.ToString("N") : bearer;

    /// <summary>What a socket's rights were at connect: its scopes and roles, compared with each check's caller.</summary>
    public static string Rights(Domain.Tenancy.Caller caller) =>
        string.Join(' ', caller.Scopes.Order(StringComparer.Ordinal)) + "\n" + string.Join(' ', caller.Roles.Order(StringComparer.Ordinal));

    /// <summary>
    /// Calls <paramref name="revoked"/> once <paramref name="key"/> (a <see cref="Credential"/>) stops working, or
    /// authenticates with other <see cref="Rights"/> than <paramref name="rights"/>. Dispose to stop watching.
    /// </summary>
    public IDisposable Watch(string key, string rights, Action revoked)
    {
        var watcher = new Watcher(rights, revoked);
        lock (_gate)
        {
            if (!_watchers.TryGetValue(key, out var list))
            {
                _watchers[key] = list = [];
            }

            list.Add(watcher);
        }

        return new DisposeOnce(() => Unwatch(key, watcher));
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
            if (outcome.Caller is { } now)
            {
                // Still works: only the sockets whose rights changed since they connected close.
                var rights = Rights(now);
                Close(key, watcher => watcher.Rights != rights);
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

        Close(key, _ => true);
    }

    private void Close(string key, Func<Watcher, bool> which)
    {
        Watcher[] closing;
        lock (_gate)
        {
            if (!_watchers.TryGetValue(key, out var list))
            {
                return;
            }

            closing = [.. list.Where(which)];
            if (closing.Length == 0)
            {
                return;
            }

            list.RemoveAll(closing.Contains);
            if (list.Count == 0)
            {
                _watchers.Remove(key);
            }
        }

        LogKeyRevoked(logger, closing.Length);
        foreach (var watcher in closing)
        {
            watcher.Revoked();
        }
    }

    private void Unwatch(string key, Watcher watcher)
    {
        lock (_gate)
        {
            if (_watchers.TryGetValue(key, out var list) && list.Remove(watcher) && list.Count == 0)
            {
                _watchers.Remove(key);
            }
        }
    }

    // A class, not a record: two sockets with the same rights are still two watchers, removed one by one.
    private sealed class Watcher(string rights, Action revoked)
    {
        public string Rights { get; } = rights;
        public Action Revoked { get; } = revoked;
    }

    [LoggerMessage(LogLevel.Information, "A credential stopped working or changed rights (key revoked or expired, token expired, membership removed or role changed): closing the {Count} live socket(s) that use it.")]
    private static partial void LogKeyRevoked(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Could not check a live socket's credential; it is checked again next interval.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
