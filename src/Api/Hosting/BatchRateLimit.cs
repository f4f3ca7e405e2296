using DqPlatform.GraphQL.Http;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// A batch of n operations spends n permits of each of the caller's budgets (key, workspace, organization: see
/// <see cref="RateLimitBudgets"/>), not the one its HTTP request spent on the way in: the other n − 1 are taken here,
/// from the same chained limiter and partitions.
/// </summary>
public sealed class BatchRateLimit(IOptions<RateLimiterOptions> limiter, RateLimitBudgets budgets) : IBatchAdmission
{
    public ValueTask<ExecutionError?> AdmitAsync(HttpContext context, int operations)
    {
        if (operations <= 1 || limiter.Value.GlobalLimiter is not { } global)
        {
            return ValueTask.FromResult<ExecutionError?>(null);
        }

        // A batch larger than a bucket can hold is refused like one that does not fit now.
        if (operations - 1 <= budgets.LargestRequest)
        {
            using var lease = global.AttemptAcquire(context, operations - 1);
            if (lease.IsAcquired)
            {
                return ValueTask.FromResult<ExecutionError?>(null);
            }
        }

        context.Response.Headers.RetryAfter = budgets.RetryAfter;
        return ValueTask.FromResult<ExecutionError?>(new ExecutionError(
            $"Too many requests for this {budgets.Exhausted(context, operations - 1)}: a batch of {operations} operations counts as {operations}; slow down and retry.") { Code = "RATE_LIMITED" });
    }
}
