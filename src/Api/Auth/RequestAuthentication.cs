using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Api.Auth;

/// <summary>
/// Authenticates the bearer credential of every request once, before the rate limiter, so budgets are kept per
/// principal (however the header is spelled: <c>bearer</c>, extra spaces) on every endpoint: an API key, or a JWT of a
/// configured identity provider with the <c>X-Dqp-Workspace</c> header naming the workspace. Both are cached
/// (<see cref="CallerAuthentication"/>), so this costs dictionary look-ups per request after a credential's first.
/// </summary>
public static class RequestAuthentication
{
    private static readonly object CallerKey = new();
    private static readonly object OutcomeKey = new();

    public static WebApplication UseDqpRequestAuthentication(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (BearerTokens.From(http.Request) is { Length: > 0 } bearer)
            {
                var outcome = await http.RequestServices.GetRequiredService<CallerAuthentication>()
                    .AuthenticateAsync(bearer, http.Request.Headers[CallerAuthentication.WorkspaceHeader].ToString(), http.RequestAborted);
                http.Items[OutcomeKey] = outcome;
                http.Items[CallerKey] = outcome.Caller;
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

    /// <summary>The caller the request's credential authenticated as, if it presented a valid one.</summary>
    public static Caller? CallerOf(HttpContext http) => http.Items.TryGetValue(CallerKey, out var caller) ? caller as Caller : null;

    /// <summary>
    /// The verdict on the request's bearer credential (null when it sent none), computed once per request: by the
    /// middleware, or here for a request that did not pass through it.
    /// </summary>
    public static async ValueTask<AuthOutcome?> OutcomeOfAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(OutcomeKey, out var known))
        {
            return known as AuthOutcome;
        }

        if (BearerTokens.From(http.Request) is not { Length: > 0 } bearer)
        {
            return null;
        }

        var outcome = await http.RequestServices.GetRequiredService<CallerAuthentication>()
            .AuthenticateAsync(bearer, http.Request.Headers[CallerAuthentication.WorkspaceHeader].ToString(), http.RequestAborted);
        http.Items[OutcomeKey] = outcome;
        http.Items[CallerKey] = outcome.Caller;
        return outcome;
    }
}
