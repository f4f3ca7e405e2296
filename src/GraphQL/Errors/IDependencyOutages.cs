namespace DqPlatform.GraphQL.Errors;

/// <summary>
/// How the product serving the schema recognises a failure of something it depends on that is away for now (its
/// database restarting). A request that failed so answers 503 with Retry-After, so clients and proxies try again
/// instead of reporting a server fault. Registered as a service; without one, no failure is an outage.
/// </summary>
public interface IDependencyOutages
{
    bool IsOutage(Exception exception);

    /// <summary>The Retry-After of such an answer, in seconds.</summary>
    int RetryAfterSeconds { get; }
}
