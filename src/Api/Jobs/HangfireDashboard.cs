using System.Net;
using DqPlatform.Api.Auth;
using Hangfire;
using Hangfire.Dashboard;

namespace DqPlatform.Api.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c> shows every organization's jobs and the platform's own, with buttons
/// that run them: it belongs to the platform's operators (<see cref="OperatorIdentity"/>), never to an organization's
/// admin, who sees the organization's jobs through the graph. An operator signs in at <c>/hangfire-login</c> (the
/// token in a form body, never in a URL) or sends <c>Authorization: Bearer &lt;operator token&gt;</c>.
/// </summary>
public static class HangfireDashboard
{
    private const string Cookie = "dqp_operator_session";
    private const string LoginPath = "/hangfire-login";

    public static IServiceCollection AddDqpOperators(this IServiceCollection services)
    {
        services.AddOptions<OperatorOptions>().BindConfiguration("Dqp:Operators");
        services.AddSingleton<OperatorIdentity>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static WebApplication MapDqpHangfireDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            AsyncAuthorization = [new OperatorFilter()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "DQ Platform jobs",
        });
        app.MapGet(LoginPath, () => Results.Content(LoginPage(null), "text/html; charset=utf-8"));
        app.MapPost(LoginPath, async (HttpContext http, OperatorIdentity operators) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (operators.OperatorOf(form["token"].ToString()) is not { } name)
            {
                return Results.Content(LoginPage("That is not an operator token."), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
            }

            http.Response.Cookies.Append(Cookie, operators.NewSession(name), new CookieOptions
            {
                HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/hangfire",
                MaxAge = OperatorIdentity.SessionLifetime,
            });
            return Results.Redirect("/hangfire", permanent: false);
        }).DisableAntiforgery();
        return app;
    }

    private static string LoginPage(string? error) => $$"""
        <!doctype html><html><head><meta charset="utf-8"><title>DQ Platform operators</title></head>
        <body style="font-family: sans-serif; max-width: 28rem; margin: 4rem auto">
        <h1>Platform operators</h1><p>The jobs dashboard is for the people who run this platform.</p>
        {{(error is null ? "" : $"<p role=\"alert\" style=\"color:#b00\">{WebUtility.HtmlEncode(error)}</p>")}}
        <form method="post" action="{{LoginPath}}"><label>Operator token <input type="password" name="token" autocomplete="off" required></label>
        <button type="submit">Sign in</button></form></body></html>
        """;

    private sealed class OperatorFilter : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var operators = http.RequestServices.GetRequiredService<OperatorIdentity>();
            var name = operators.OperatorOf(BearerTokens.From(http.Request)) ?? operators.OperatorOfSession(http.Request.Cookies[Cookie]);
            return Task.FromResult(name is not null);
        }
    }
}
