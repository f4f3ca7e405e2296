namespace DqPlatform.Api.Hosting;

/// <summary>
/// <c>Dqp:Cors</c>: the browser origins (scheme://host[:port]) whose pages may call the API: <c>AllowedOrigins</c>
/// exactly as browsers send them, and with <c>AllowLocalDevelopment</c> any port of localhost, 127.0.0.1 and [::1]
/// (the run command sets it, for dev servers such as Vite's). A page served by the API itself is always allowed.
/// </summary>
public sealed class BrowserOrigins
{
    public string[] AllowedOrigins { get; set; } = [];

    public bool AllowLocalDevelopment { get; set; }

    public bool IsAllowed(string origin) =>
        AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        || (AllowLocalDevelopment && IsLocal(origin));

    /// <summary>
    /// Whether a request that names an origin may come from it: its own origin, or one allowed above. A request
    /// without an <c>Origin</c> header is not from a browser page, and origins do not apply to it.
    /// </summary>
    public bool Admits(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || IsAllowed(origin);
    }

    private static bool IsLocal(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Host is "localhost" or "127.0.0.1" or "[::1]";
}
