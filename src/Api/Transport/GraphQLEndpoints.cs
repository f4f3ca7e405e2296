using DqPlatform.Api.Auth;
using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http.Features;

namespace DqPlatform.Api.Transport;

public static class GraphQLEndpoints
{
    /// <summary><c>/graphql</c>: GraphQL over HTTP (POST, GET) and <c>GET /graphql?sdl</c> for the schema as SDL.</summary>
    public static WebApplication MapDqpGraphQL(this WebApplication app)
    {
        app.UseDqpRequestAuthentication();
        app.UseRateLimiter();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/graphql", async context =>
        {
            var request = context.Request;
            if (context.WebSockets.IsWebSocketRequest)
            {
                await Live.LiveEndpoint.HandleAsync(context);
                return;
            }

            if (await Ide.BananaCakePop.TryServeAsync(context))
            {
                return;
            }

            if (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("sdl"))
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(context.RequestServices.GetRequiredService<ISchema>().Print(), context.RequestAborted);
                return;
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, POST";
                return;
            }

            var bodyLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (bodyLimit is { IsReadOnly: false })
            {
                bodyLimit.MaxRequestBodySize = GraphQLHttpEndpoint.MaxRequestBytes;
            }

            try
            {
                await context.RequestServices.GetRequiredService<GraphQLHttpEndpoint>().HandleAsync(context);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }
        });
        return app;
    }
}
