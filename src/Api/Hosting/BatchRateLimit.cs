using System.Globalization;
using DqPlatform.GraphQL.Http;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// A batch of n operations spends n permits of the caller's token bucket (<see cref="RateLimiting"/>), not the one its
/// HTTP request spent on the way in: the other n − 1 are taken here, all or none, from the same limiter and partition.
/// </summary>
public sealed class BatchRateLimit(IOptions<RateLimiterOptions> limiter, RateLimitOptions options) : IBatchAdmission
{
    public ValueTask<ExecutionError?> AdmitAsync(HttpContext context, int operations)
    {
        if (operations <= 1 || limiter.Value.GlobalLimiter is not { } global)
        {
            return ValueTask.FromResult<ExecutionError?>(null);
        }

        // A batch larger than the bucket can hold is refused like one that does not fit now.
        if (operations - 1 <= options.Burst)
        {
            using var lease = global.AttemptAcquire(context, operations - 1);
            if (lease.IsAcquired)
            {
                return ValueTask.FromResult<ExecutionError?>(null);
            }
        }

        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(options.ReplenishmentPeriod.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ValueTask.FromResult<ExecutionError?>(
            new ExecutionError($"Too many requests for this API key: a batch of {operations} operations counts as {operations}; slow down and retry.") { Code = "RATE_LIMITED" });
    }
}
