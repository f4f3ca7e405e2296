using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Auth;

/// <summary>
/// Authenticates the bearer key of every request once, before the rate limiter, so budgets are kept per principal
/// (however the header is spelled: <c>bearer</c>, extra spaces) on every endpoint. Verification is cached by the
/// authenticator, so this costs a dictionary look-up per request after a key's first.
/// </summary>
public static class RequestAuthentication
{
    private static readonly object CallerKey = new();

    public static WebApplication UseDqpRequestAuthentication(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (BearerTokens.From(http.Request) is { Length: > 0 } bearer)
            {
                http.Items[CallerKey] = await http.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(bearer, http.RequestAborted);
            }

            await next(http);
        });
        return app;
    }

    /// <summary>
    /// A stand-in request of <paramref name="caller"/>, for budgets kept per request (<c>Hosting.RateLimitBudgets</c>)
    /// that a socket's operations spend from too: the socket's own upgrade request authenticated no one.
    /// </summary>
    public static HttpContext StandIn(Caller caller)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/graphql";
        http.Items[CallerKey] = caller;
        return http;
    }

    /// <summary>The caller the request's key authenticated as, if it presented a valid one.</summary>
    public static Caller? CallerOf(HttpContext http) => http.Items.TryGetValue(CallerKey, out var caller) ? caller as Caller : null;
}
