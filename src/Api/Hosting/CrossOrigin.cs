namespace DqPlatform.Api.Hosting;

public static class CrossOrigin
{
    /// <summary>
    /// The headers the GraphQL clients send: the key, JSON bodies, Apollo's client awareness and CSRF-prevention
    /// headers, and W3C trace context.
    /// </summary>
    public static readonly string[] RequestHeaders =
        ["authorization", "content-type", "apollographql-client-name", "apollographql-client-version", "apollo-require-preflight", "traceparent", "tracestate"];

    /// <summary>
    /// CORS per the Fetch standard for the allowed origins (<see cref="BrowserOrigins"/>): preflights for GET and
    /// POST with the clients' headers, cached by the browser for ten minutes. No credentials: the API key travels in
    /// <c>Authorization</c>, never in a cookie.
    /// </summary>
    public static IServiceCollection AddDqpCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Dqp:Cors").Get<BrowserOrigins>() ?? new BrowserOrigins();
        services.AddSingleton(origins);
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origins.IsAllowed)
            .WithMethods("GET", "POST")
            .WithHeaders(RequestHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }
}
