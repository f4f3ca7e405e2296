using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace DqPlatform.Infrastructure.Messaging;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared multiplexer when <c>ConnectionStrings:Redis</c> is set. It connects in the background and
    /// keeps retrying, so the API starts and serves queries while Redis is down; /readyz reports it.
    /// </summary>
    public static IServiceCollection AddDqpRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "dq-platform";
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        return services;
    }
}
