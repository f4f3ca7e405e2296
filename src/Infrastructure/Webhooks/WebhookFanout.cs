using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>
/// Turns events raised on this node into delivery jobs for the workspace's webhooks that asked for them. Only the
/// node that raised an event fans it out, so each webhook gets each event once however many nodes run.
/// </summary>
public sealed partial class WebhookFanout(IEventBus bus, IServiceScopeFactory scopes, ILogger<WebhookFanout> logger) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutSnapshots } },
    };
    private IDisposable? _listening;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = bus.ListenToOwn(e => _ = FanOutAsync(e));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listening?.Dispose();
        return Task.CompletedTask;
    }

    public static string Body(string eventName, Guid deliveryId, DateTimeOffset at, object data) =>
        JsonSerializer.Serialize(new { id = deliveryId, @event = eventName, occurredAt = at, data }, Json);

    private async Task FanOutAsync(DqEvent @event)
    {
        if (WebhookEvents.NameOf(@event) is not { } name)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
            var webhooks = await db.Webhooks.AsNoTracking()
                .Where(w => w.WorkspaceId == @event.WorkspaceId && w.Enabled && w.Events.Contains(name)).Select(w => w.Id).ToListAsync();
            var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
            foreach (var webhookId in webhooks)
            {
                var deliveryId = Guid.NewGuid();
                var body = Body(name, deliveryId, @event.At, @event);
                jobs.Enqueue<WebhookDelivery>(d => d.DeliverAsync(webhookId, name, body, deliveryId, 0, CancellationToken.None));
            }
        }
        catch (Exception e)
        {
            LogFanOutFailed(e, name);
        }
    }

    /// <summary>
    /// A webhook's <c>data</c> is the event's ids and display fields. The committed object an event carries for live
    /// clients stays out: GraphQL selects what a client may see of it, a webhook body would send all of it (a query
    /// run's export location among it), and receivers rely on the body's shape.
    /// </summary>
    private static void WithoutSnapshots(JsonTypeInfo type)
    {
        if (!type.Type.IsAssignableTo(typeof(DqEvent)))
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) || p.Name == "position").ToList())
        {
            type.Properties.Remove(property);
        }
    }

    [LoggerMessage(LogLevel.Error, "Could not queue webhook deliveries for {EventName}.")]
    private partial void LogFanOutFailed(Exception exception, string eventName);
}
