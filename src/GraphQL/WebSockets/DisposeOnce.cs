namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// Runs its action on the first <see cref="Dispose"/> only: a socket leaving a subscription group or unwatching its key
/// may be disposed by its session's end and by a client's complete at once.
/// </summary>
public sealed class DisposeOnce(Action action) : IDisposable
{
    private Action? _action = action;

    public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
}
