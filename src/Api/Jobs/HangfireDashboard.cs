using DqPlatform.Api.Auth;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using Hangfire;
using Hangfire.Dashboard;

namespace DqPlatform.Api.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>, for organization admins only: the key comes as a Bearer header, or
/// once as <c>?key=</c>, after which an HTTP-only cookie scoped to <c>/hangfire</c> carries it for the page's assets.
/// </summary>
public static class HangfireDashboard
{
    private const string Cookie = "dqp_hangfire_key";

    public static WebApplication MapDqpHangfireDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            AsyncAuthorization = [new OrganizationAdminFilter()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "DQ Platform jobs",
        });
        return app;
    }

    private sealed class OrganizationAdminFilter : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var fromQuery = http.Request.Query["key"].ToString();
            var presented = BearerTokens.From(http.Request) is { } bearer ? bearer
                : fromQuery.Length > 0 ? fromQuery
                : http.Request.Cookies[Cookie] ?? "";
            if (presented.Length == 0)
            {
                return false;
            }

            var caller = await http.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(presented, http.RequestAborted);
            if (caller is null || !caller.Scopes.Contains(ApiKeyScopes.OrganizationAdmin))
            {
                return false;
            }

            if (fromQuery.Length > 0)
            {
                http.Response.Cookies.Append(Cookie, presented, new CookieOptions
                {
                    HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/hangfire", MaxAge = TimeSpan.FromHours(8),
                });
            }

            return true;
        }
    }
}
