using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Messaging;

public static class EventBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers the event bus, the event log and the feeds that order it, and, when <c>ConnectionStrings:Redis</c> is set, one shared multiplexer. It connects in the background and
    /// keeps retrying, so the API starts and serves queries while Redis is down; /readyz reports it.
    /// </summary>
    public static IServiceCollection AddDqpEventBus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EventListeners>();
        // Every workspace's events in a durable log, delivered in its order (see EventLogRules).
        services.Configure<EventFeedOptions>(configuration.GetSection("Dqp:Events"));
        services.AddSingleton<WorkspaceEventLog>();
        services.AddSingleton<WorkspaceFeeds>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceFeeds>());
        services.AddHostedService<EventLogPurge>();
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IEventBus, InProcessEventBus>();
            return services;
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        // While Redis is away a command fails at once instead of waiting in the backlog for its timeout (nothing here
        // needs Redis to answer: events go to the log, documents are sent again), and reconnecting is tried every
        // second rather than backing off to minutes, so pub/sub and /readyz recover promptly when Redis returns.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        options.ClientName ??= "dq-platform";
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        services.AddSingleton<RedisEventBus>();
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<RedisEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisEventBus>());
        return services;
    }
}
