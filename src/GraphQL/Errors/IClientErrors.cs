namespace DqPlatform.GraphQL.Errors;

/// <summary>
/// How the product serving the schema reports its clients' mistakes. Registered as a service; without one, the
/// machinery's own exceptions are reported as they are.
/// </summary>
public interface IClientErrors
{
    /// <summary>
    /// The exception a resolver throws for an argument the machinery refused, so the response carries the product's
    /// error code and message (the list and node fields rethrow what this answers).
    /// </summary>
    Exception InvalidArgument(InvalidArgumentException error);

    /// <summary>The exception a resolver throws for a value that is not a global id of the type expected there.</summary>
    Exception InvalidGlobalId(InvalidGlobalIdException error);

    /// <summary>Whether a resolver's exception is one the product reports to the client as such (not logged as unexpected).</summary>
    bool IsReported(Exception exception);
}
