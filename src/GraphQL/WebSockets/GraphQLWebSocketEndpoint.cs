using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>Accepts WebSocket upgrades for the graphql-transport-ws subprotocol and runs a session on each.</summary>
public static class GraphQLWebSocketEndpoint
{
    /// <summary>
    /// The services sessions use: <see cref="SubscriptionGroups"/>, <see cref="SocketAdmission"/> and
    /// <see cref="GraphQLWebSocketOptions"/> (bound from <paramref name="settings"/>). The host registers its
    /// <see cref="IWebSocketAuthentication"/>.
    /// </summary>
    public static IServiceCollection AddGraphQLWebSockets(this IServiceCollection services, IConfiguration settings)
    {
        services.Configure<GraphQLWebSocketOptions>(settings);
        services.AddSingleton<SubscriptionGroups>();
        services.AddSingleton<SocketAdmission>();
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
            services.GetRequiredService<SubscriptionGroups>(), services.GetRequiredService<SocketAdmission>(),
            services.GetRequiredService<IWebSocketAuthentication>(),
            services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphQLWebSocketSession)),
            services.GetService<Documents.PersistedDocuments>());
        Telemetry.GraphQLInstruments.AddOpenSockets(1);
        try
        {
            await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            Telemetry.GraphQLInstruments.AddOpenSockets(-1);
        }
    }
}
