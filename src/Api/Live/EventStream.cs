using DqPlatform.Api.Auth;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.WebSockets;
using DqPlatform.Infrastructure.Messaging;
using GraphQL;

namespace DqPlatform.Api.Live;

/// <summary>
/// A subscription's events of type <typeparamref name="T"/> that pass its filter, from the caller's workspace feed:
/// in log order, and, with <c>after</c>, starting with what the caller missed since that cursor.
/// </summary>
public sealed class EventStream<T>(WorkspaceFeeds feeds, Guid workspaceId, long? after, Func<T, bool> filter) : IObservable<object?> where T : DqEvent
{
    /// <summary>The stream of the subscription field being resolved: its workspace is the caller's, its cursor the <c>after</c> argument.</summary>
    public static async Task<IObservable<object?>> ForAsync(IResolveFieldContext context, Func<Guid, Func<T, bool>> filterIn)
    {
        var workspace = context.Service<RequestCaller>().Require(ApiKeyScopes.Read).WorkspaceId;
        var filter = filterIn(workspace);
        long? after = context.GetArgument<string?>("after") is { } cursor ? EventCursor.Decode(cursor) : null;
        if (after is { } resumeAfter)
        {
            var (head, purgedThrough) = await context.Service<WorkspaceEventLog>().HeadAsync(workspace, context.CancellationToken);
            EventLogRules.RequireResumable(resumeAfter, purgedThrough, head);
            context.KeepStreamOwn();
        }

        return new EventStream<T>(context.Service<WorkspaceFeeds>(), workspace, after, filter);
    }

    public IDisposable Subscribe(IObserver<object?> observer)
    {
        var subscription = new Subscription();
        _ = subscription.StartAsync(feeds.SubscribeAsync(workspaceId, after, e =>
        {
            if (e is T match && filter(match))
            {
                observer.OnNext(match);
            }
        }, subscription.Stopping), observer);
        return subscription;
    }

    private sealed class Subscription : IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private IDisposable? _feed;
        private bool _disposed;

        public CancellationToken Stopping => _stopping.Token;

        public async Task StartAsync(Task<IDisposable> joining, IObserver<object?> observer)
        {
            try
            {
                var feed = await joining;
                lock (_stopping)
                {
                    if (!_disposed)
                    {
                        _feed = feed;
                        return;
                    }
                }

                feed.Dispose();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                observer.OnError(e);
            }
        }

        public void Dispose()
        {
            lock (_stopping)
            {
                _disposed = true;
            }

            _stopping.Cancel();
            _feed?.Dispose();
        }
    }
}
