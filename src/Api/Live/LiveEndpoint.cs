using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Live;

/// <summary>Accepts WebSocket upgrades on <c>/graphql</c> for the graphql-transport-ws subprotocol.</summary>
public static class LiveEndpoint
{
    public static IServiceCollection AddDqpLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection("Dqp:Live"));
        services.AddSingleton<SubscriptionGroups>();
        services.AddSingleton<LiveKeyWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveKeyWatch>());
        return services;
    }

    public static async Task HandleAsync(HttpContext context)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(
            requested.Contains(GraphQLWebSocketSession.Protocol) ? GraphQLWebSocketSession.Protocol : null);
        if (!requested.Contains(GraphQLWebSocketSession.Protocol))
        {
            await socket.CloseOutputAsync((System.Net.WebSockets.WebSocketCloseStatus)4406, "Subprotocol not acceptable", CancellationToken.None);
            return;
        }

        var services = context.RequestServices;
        var session = new GraphQLWebSocketSession(
            socket, services,
            services.GetRequiredService<IDocumentExecuter<ISchema>>(), services.GetRequiredService<IGraphQLTextSerializer>(),
            services.GetRequiredService<SubscriptionGroups>(),
            services.GetRequiredService<ApiKeyAuthenticator>(), services.GetRequiredService<LiveKeyWatch>(),
            services.GetRequiredService<IOptions<LiveOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphQLWebSocketSession)));
        await session.RunAsync(context.RequestAborted);
    }
}
