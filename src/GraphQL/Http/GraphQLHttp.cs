using GraphQL;
using GraphQL.Types;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Http;

/// <summary>Serves a request the host routed to its GraphQL path (after its own WebSocket and IDE handling).</summary>
public static class GraphQLHttp
{
    /// <summary>
    /// <c>GET ?sdl</c> answers the schema as SDL; GET and POST execute through the <see cref="GraphQLHttpEndpoint"/>
    /// service, with bodies limited to <see cref="GraphQLHttpEndpoint.MaxRequestBytes"/>; other methods are a 405.
    /// </summary>
    public static async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
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
    }
}
