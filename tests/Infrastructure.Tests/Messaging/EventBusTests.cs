using System.Collections.Concurrent;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace DqPlatform.Infrastructure.Tests.Messaging;

/// <summary>Two nodes' buses on one real redis-server of the test's own, which the test stops and starts.</summary>
public sealed class EventBusTests : IAsyncLifetime
{
    private LocalRedisServer _redis = null!;
    private readonly List<IAsyncDisposable> _nodes = [];

    public async Task InitializeAsync() => _redis = await LocalRedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    private async Task<Node> StartNodeAsync()
    {
        var options = ConfigurationOptions.Parse(_redis.ConnectionString);
        options.AbortOnConnectFail = false;
        options.ReconnectRetryPolicy = new LinearRetry(200);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        var bus = new RedisEventBus(multiplexer, new EventListeners(NullLogger<EventListeners>.Instance), NullLogger<RedisEventBus>.Instance);
        await bus.StartAsync(CancellationToken.None);
        var node = new Node(multiplexer, bus);
        _nodes.Add(node);
        await Until(() => bus.Subscribed, "the bus did not subscribe");
        return node;
    }

    private static IncidentChanged Incident(int failures) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), IncidentChangeKind.Created, IncidentStatus.Open, Domain.Checks.CheckSeverity.Error, failures);

    [Fact]
    public async Task EventBus_PublishedOnOneNode_ReachesOtherNodeOnceAndPublisherOnce()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        var onA = new ConcurrentQueue<DqEvent>();
        var onB = new ConcurrentQueue<DqEvent>();
        using var listenA = a.Bus.Listen(onA.Enqueue);
        using var listenB = b.Bus.Listen(onB.Enqueue);

        var published = Incident(7);
        await a.Bus.PublishAsync(published);

        await Until(() => !onB.IsEmpty, "node B got nothing");
        await Task.Delay(300); // time for a duplicate to show up, if there were one
        Assert.Equal(published, Assert.Single(onB));
        Assert.Equal(published, Assert.Single(onA));
    }

    [Fact]
    public async Task EventBus_WhileRedisIsDown_PublishesLocallyAndResumesDeliveryWhenItReturns()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync();
        var onA = new ConcurrentQueue<DqEvent>();
        var onB = new ConcurrentQueue<DqEvent>();
        using var listenA = a.Bus.Listen(onA.Enqueue);
        using var listenB = b.Bus.Listen(onB.Enqueue);

        await _redis.StopProcessAsync();
        await Until(() => !a.Redis.IsConnected && !b.Redis.IsConnected, "the clients did not notice Redis stopping");
        await a.Bus.PublishAsync(Incident(1));
        Assert.Single(onA);
        Assert.Empty(onB);

        await _redis.StartProcessAsync();
        await Until(() => a.Redis.IsConnected && b.Redis.IsConnected, "the clients did not reconnect");
        var after = Incident(2);
        // The subscription is restored by the client, not by us; give it a moment after the socket is back.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (onB.IsEmpty && DateTime.UtcNow < deadline)
        {
            await a.Bus.PublishAsync(after);
            await Task.Delay(250);
        }

        Assert.Contains(after, onB);
    }

    [Fact]
    public async Task InProcessEventBus_UntilListenersStopListening_DeliversToThem()
    {
        var bus = new InProcessEventBus(new EventListeners(NullLogger<EventListeners>.Instance));
        var heard = new List<DqEvent>();
        var handle = bus.Listen(heard.Add);
        await bus.PublishAsync(Incident(1));
        handle.Dispose();
        await bus.PublishAsync(Incident(2));
        Assert.Equal(1, Assert.IsType<IncidentChanged>(Assert.Single(heard)).FailureCount);
    }

    private static async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    private sealed record Node(ConnectionMultiplexer Redis, RedisEventBus Bus) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Bus.StopAsync(CancellationToken.None);
            await Redis.DisposeAsync();
        }
    }
}
