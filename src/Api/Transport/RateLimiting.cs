using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;

namespace DqPlatform.Api.Transport;

/// <summary>
/// A token bucket per API key (per client address for anonymous requests), from ASP.NET Core's rate limiter.
/// Rejections answer 429 with a GraphQL error coded <c>RATE_LIMITED</c> and a Retry-After header.
/// </summary>
public static class RateLimiting
{
    public const string Policy = "per-api-key";

    public static IServiceCollection AddDqpRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Dqp:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                context.HttpContext.Response.ContentType = "application/json; charset=utf-8";
                var serializer = context.HttpContext.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
                var error = new ExecutionError("Too many requests for this API key; slow down and retry.") { Code = "RATE_LIMITED" };
                await serializer.WriteAsync(context.HttpContext.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, cancellationToken);
            };
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        });
        return services;
    }

    // A hash of the whole presented key: a key's prefix is public, so partitioning by it would let anyone spend
    // another key's budget.
    private static string PartitionKey(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.Length > 0
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))
            : "ip:" + http.Connection.RemoteIpAddress;
    }
}

/// <summary><c>Dqp:RateLimit</c>: sustained requests per second and burst size per API key.</summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = 100;
    public int Burst { get; set; } = 200;
}
