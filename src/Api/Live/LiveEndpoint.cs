using DqPlatform.GraphQL.WebSockets;

namespace DqPlatform.Api.Live;

/// <summary>The live feeds' services: sockets authenticated with API keys, whose keys are watched for revocation.</summary>
public static class LiveEndpoint
{
    public static IServiceCollection AddDqpLive(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Dqp:Live");
        services.AddGraphQLWebSockets(settings);
        services.Configure<LiveOptions>(settings);
        services.AddSingleton<IWebSocketAuthentication, LiveAuthentication>();
        services.AddSingleton<LiveKeyWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveKeyWatch>());
        return services;
    }
}
