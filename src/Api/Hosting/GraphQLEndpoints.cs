using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.Http;
using DqPlatform.GraphQL.WebSockets;

namespace DqPlatform.Api.Hosting;

public static class GraphQLEndpoints
{
    /// <summary>
    /// <c>/graphql</c>: the live feeds' WebSockets, the IDE for browsers, then GraphQL over HTTP (POST, GET) and
    /// <c>GET /graphql?sdl</c> for the schema as SDL.
    /// </summary>
    public static WebApplication MapDqpGraphQL(this WebApplication app)
    {
        app.UseDqpRequestAuthentication();
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/graphql", async context =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await GraphQLWebSocketEndpoint.HandleAsync(context);
                return;
            }

            if (await Ide.BananaCakePop.TryServeAsync(context))
            {
                return;
            }

            await GraphQLHttp.ServeAsync(context);
        });
        return app;
    }
}
