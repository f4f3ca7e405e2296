using GraphQL;
using GraphQL.Types;
using DqPlatform.GraphQL.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Http;

/// <summary>Serves a request the host routed to its GraphQL path (after its own WebSocket and IDE handling).</summary>
public static class GraphQLHttp
{
    /// <summary>
    /// The endpoint and the documents it resolves: <see cref="GraphQLHttpOptions"/> and
    /// <see cref="PersistedDocumentOptions"/> bound from <paramref name="settings"/>, the trusted document list read
    /// from its manifest. The host registers its <see cref="IHttpAuthentication"/>, <see cref="IBatchAdmission"/> and
    /// shared <see cref="IPersistedDocumentStore"/>.
    /// </summary>
    public static IServiceCollection AddGraphQLHttp(this IServiceCollection services, IConfiguration settings)
    {
        services.Configure<GraphQLHttpOptions>(settings);
        var documents = settings.Get<PersistedDocumentOptions>() ?? new PersistedDocumentOptions();
        if (documents.TrustedDocumentsOnly && string.IsNullOrEmpty(documents.TrustedDocumentsManifest))
        {
            throw new InvalidOperationException("TrustedDocumentsOnly needs TrustedDocumentsManifest: the file that lists the trusted documents.");
        }

        services.AddSingleton(documents);
        // Read now, so a missing or malformed manifest stops the host at startup.
        services.AddSingleton(documents.TrustedDocumentsManifest is { Length: > 0 } path ? TrustedDocumentList.Load(path) : TrustedDocumentList.Empty);
        services.AddSingleton<PersistedDocuments>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        return services;
    }

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
