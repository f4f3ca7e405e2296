using DqPlatform.GraphQL.Errors;
using DqPlatform.Infrastructure.Resilience;

namespace DqPlatform.Api.Schema;

/// <summary>PostgreSQL or Redis away, as <see cref="DependencyFailures"/> tells it: GraphQL over HTTP answers 503 with Retry-After.</summary>
public sealed class DependencyOutages : IDependencyOutages
{
    public bool IsOutage(Exception exception) => DependencyFailures.IsOutage(exception);

    public int RetryAfterSeconds => DependencyFailures.RetryAfterSeconds;
}
