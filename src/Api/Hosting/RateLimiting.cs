using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// A token bucket per authenticated principal (per client address without a valid key), from ASP.NET Core's rate
/// limiter, over every endpoint but the health probes: GraphQL, the WebSocket handshake, the task endpoint, exports and
/// the operators' sign-in. Rejections answer 429 with the code <c>RATE_LIMITED</c> and a Retry-After header.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddDqpRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Dqp:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(options);
        services.AddSingleton<DqPlatform.GraphQL.Http.IBatchAdmission, BatchRateLimit>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(options.ReplenishmentPeriod.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.ContentType = "application/json; charset=utf-8";
                const string message = "Too many requests for this API key; slow down and retry.";
                if (http.Request.Path.StartsWithSegments("/v1"))
                {
                    await http.Response.WriteAsJsonAsync(new { error = new { code = "RATE_LIMITED", message } }, cancellationToken);
                    return;
                }

                var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
                var error = new ExecutionError(message) { Code = "RATE_LIMITED" };
                await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, cancellationToken);
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsProbe(http)
                ? RateLimitPartition.GetNoLimiter("probe")
                : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = Math.Max(1, (int)Math.Round(options.PermitsPerSecond * options.ReplenishmentPeriod.TotalSeconds)),
                    ReplenishmentPeriod = options.ReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return services;
    }

    private static bool IsProbe(HttpContext http) => http.Request.Path.StartsWithSegments("/healthz") || http.Request.Path.StartsWithSegments("/readyz");

    // The principal a valid key acts for (the same budget whatever the header's spelling, and across rotation);
    // without one, the client's address, so guessing keys is limited too.
    private static string PartitionKey(HttpContext http) =>
        Auth.RequestAuthentication.CallerOf(http) is { } caller
            ? "principal:" + caller.PrincipalId.ToString("N")
            : "ip:" + http.Connection.RemoteIpAddress;
}

/// <summary><c>Dqp:RateLimit</c>: sustained requests per second and burst size per API key.</summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 100;
    public int Burst { get; set; } = 200;

    /// <summary>How often the bucket refills (PermitsPerSecond × this many tokens at a time).</summary>
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
