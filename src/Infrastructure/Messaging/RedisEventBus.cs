using System.Text.Json;
using DqPlatform.Domain.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// Redis pub/sub between nodes. Events reach this node's listeners directly (so a node cut off from Redis still
/// serves its own clients) and other nodes through the channel; a node skips its own messages coming back. The
/// subscription is made in the background and retried until Redis answers; StackExchange.Redis restores it after a
/// reconnect, so listeners keep receiving when Redis returns. Messages from other nodes are delivered in order.
/// </summary>
public sealed partial class RedisEventBus(IConnectionMultiplexer redis, EventListeners listeners, ILogger<RedisEventBus> logger)
    : IEventBus, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("dqp:events");
    private static readonly JsonSerializerOptions Json = EventJson.Options;
    private static readonly TimeSpan PublishBudget = TimeSpan.FromSeconds(1);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _stopping = new();
    private Task _subscribing = Task.CompletedTask;

    /// <summary>True once the channel subscription is in place (it survives reconnects from then on).</summary>
    public bool Subscribed { get; private set; }

    public async Task PublishAsync(DqEvent @event, CancellationToken cancellationToken = default)
    {
        listeners.Deliver(@event, own: true);
        // While Redis is away a publish would wait in the multiplexer's backlog for its whole timeout and hold up the
        // change that raised it; other nodes read the event from the log (their feeds compare log heads), so it is
        // skipped, and one that takes longer than the budget is left to the log the same way.
        if (!redis.IsConnected)
        {
            LogPublishSkipped(@event.GetType().Name);
            return;
        }

        var message = JsonSerializer.Serialize(new Envelope(_node, @event), Json);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, message).WaitAsync(PublishBudget, CancellationToken.None);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogPublishFailed(e, @event.GetType().Name);
        }
    }

    public IDisposable Listen(Action<DqEvent> listener) => listeners.Add(listener);

    public IDisposable ListenToOwn(Action<DqEvent> listener) => listeners.Add(listener, ownOnly: true);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscribing = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _subscribing.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        if (Subscribed)
        {
            await redis.GetSubscriber().UnsubscribeAsync(Channel).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // The queue form delivers messages one at a time in the order Redis sent them, so a subscriber never
                // sees an incident's update before its creation (the handler form runs messages concurrently).
                var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
                queue.OnMessage(message => Receive(message.Message));
                Subscribed = true;
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogSubscribeFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Receive(RedisValue message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
        }
        catch (JsonException e)
        {
            LogBadMessage(e);
            return;
        }

        if (envelope is { Event: not null } && envelope.Node != _node)
        {
            listeners.Deliver(envelope.Event, own: false);
        }
    }

    private sealed record Envelope(string Node, DqEvent? Event);

    [LoggerMessage(LogLevel.Warning, "Could not publish {EventType} to Redis; other nodes read it from the event log.")]
    private partial void LogPublishFailed(Exception exception, string eventType);

    [LoggerMessage(LogLevel.Debug, "Redis is not connected; {EventType} reaches other nodes through the event log.")]
    private partial void LogPublishSkipped(string eventType);

    [LoggerMessage(LogLevel.Warning, "Could not subscribe to the Redis event channel yet; retrying.")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Ignored an event message that is not valid JSON.")]
    private partial void LogBadMessage(Exception exception);
}
