using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// Token buckets per API key (per client address without a valid key), per workspace and per organization
/// (<see cref="RateLimitBudgets"/>), from ASP.NET Core's rate limiter, over every endpoint but the health probes: GraphQL,
/// the WebSocket handshake, the task endpoint, exports and the operators' sign-in. Rejections answer 429 with the code
/// <c>RATE_LIMITED</c>, a Retry-After header, and a message naming the budget that ran out.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddDqpRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Dqp:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        var budgets = new RateLimitBudgets(options);
        services.AddSingleton(options);
        services.AddSingleton(budgets);
        services.AddSingleton<DqPlatform.GraphQL.Http.IBatchAdmission, BatchRateLimit>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : budgets.RetryAfter;
                http.Response.ContentType = "application/json; charset=utf-8";
                var message = $"Too many requests for this {budgets.Exhausted(http, 1)}; slow down and retry.";
                if (http.Request.Path.StartsWithSegments("/v1"))
                {
                    await http.Response.WriteAsJsonAsync(new { error = new { code = "RATE_LIMITED", message } }, cancellationToken);
                    return;
                }

                var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
                var error = new ExecutionError(message) { Code = "RATE_LIMITED" };
                await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, cancellationToken);
            };
            limiter.GlobalLimiter = budgets.Limiter;
        });
        return services;
    }
}
