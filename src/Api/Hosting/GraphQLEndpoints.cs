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
        // First, so a browser's preflight is answered before authentication and rate limits look at it.
        app.UseCors();
        app.UseDqpDependencyOutageResponses();
        // Only GraphQL answers: exports are files served with byte ranges, which compression would break.
        app.UseWhen(context => context.Request.Path == "/graphql", branch => branch.UseResponseCompression());
        app.UseDqpRequestAuthentication();
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/graphql", async context =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                // A WebSocket is not subject to CORS: a page of any origin could open one with the visitor's network
                // position, so the handshake itself refuses browser origins not on the list.
                if (!context.RequestServices.GetRequiredService<BrowserOrigins>().Admits(context.Request))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                await GraphQLWebSocketEndpoint.HandleAsync(context);
                return;
            }

            if (await Ide.BananaCakePop.TryServeAsync(context))
            {
                return;
            }

            // Answers are JSON, written without HTML escaping: no browser may read one as anything else.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await GraphQLHttp.ServeAsync(context);
        });
        return app;
    }
}
