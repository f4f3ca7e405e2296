using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace DqPlatform.Api.Ide;

/// <summary>
/// Banana Cake Pop for browsers at <c>/graphql/</c> (static files of the npm package) with a <c>bcp-config.json</c>
/// pointing the IDE at the same endpoint, as HotChocolate serves it.
/// </summary>
public static class BananaCakePop
{
    private const string PackagePath = "Ide/node_modules/@chillicream/bananacakepop-graphql-ide";

    /// <summary>
    /// Serves the IDE for a browser navigation (GET accepting HTML, no GraphQL query in the URL): <c>/graphql</c>
    /// redirects to <c>/graphql/</c>, whose relative asset paths then resolve under <c>/graphql/static/</c>.
    /// </summary>
    public static async Task<bool> TryServeAsync(HttpContext context)
    {
        var request = context.Request;
        var isPage = HttpMethods.IsGet(request.Method) && !request.Query.ContainsKey("query") && !request.Query.ContainsKey("sdl");
        var trailingSlash = request.Path.Value?.EndsWith('/') == true;
        if (!isPage || !(trailingSlash || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (!trailingSlash)
        {
            context.Response.Redirect("/graphql/");
            return true;
        }

        var index = Path.Combine(context.RequestServices.GetRequiredService<IWebHostEnvironment>().ContentRootPath, PackagePath, "index.html");
        if (!File.Exists(index))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("Banana Cake Pop is not installed: run 'npm ci' in src/Api/Ide (the build does this when npm is available).");
            return true;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.SendFileAsync(index);
        return true;
    }

    public static WebApplication MapBananaCakePop(this WebApplication app)
    {
        var root = Path.Combine(app.Environment.ContentRootPath, PackagePath);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            return app;
        }

        app.MapGet("/graphql/bcp-config.json", (HttpContext context) =>
        {
            var request = context.Request;
            var ws = request.Scheme == "https" ? "wss" : "ws";
            return Results.Json(new
            {
                useBrowserUrlAsEndpoint = true,
                endpoint = $"{request.Scheme}://{request.Host}/graphql",
                schemaEndpoint = $"{request.Scheme}://{request.Host}/graphql",
                subscriptionEndpoint = $"{ws}://{request.Host}/graphql",
                endpointEditable = true,
                title = "DQ Platform",
                httpMethod = "POST",
                includeCookies = false,
                credentials = "same-origin",
                disableTelemetry = true,
            }, new JsonSerializerOptions());
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = "/graphql" });
        return app;
    }
}
