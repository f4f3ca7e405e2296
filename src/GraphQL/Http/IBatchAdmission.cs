using GraphQL;
using Microsoft.AspNetCore.Http;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// Whether a batch may run, as the host's rate limits judge it: a batch of n operations is n operations, while the
/// host's limiter saw one HTTP request. Registered as a service; without one, batches are limited by size only.
/// </summary>
public interface IBatchAdmission
{
    /// <summary>
    /// Null admits a batch of <paramref name="operations"/> (the request itself already counted as one); an error refuses
    /// it with 429 (response headers such as <c>Retry-After</c> set here).
    /// </summary>
    ValueTask<ExecutionError?> AdmitAsync(HttpContext context, int operations);
}
