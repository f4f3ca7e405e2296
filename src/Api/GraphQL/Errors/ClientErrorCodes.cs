using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;

namespace DqPlatform.Api.GraphQL.Errors;

/// <summary>
/// The codes of a client's mistakes that the engine finds before any resolver runs (documented in the README):
/// <list type="bullet">
/// <item><c>GRAPHQL_PARSE_FAILED</c>: the document is not GraphQL.</item>
/// <item><c>GRAPHQL_VALIDATION_FAILED</c>: it does not validate against the schema or its limits (depth, cost,
/// introspection).</item>
/// <item><c>BAD_USER_INPUT</c>: a variable does not coerce to its declared type.</item>
/// <item><c>BAD_REQUEST</c>: the request around the document (no query, an operation name that is missing or unknown).</item>
/// </list>
/// </summary>
public static class ClientErrorCodes
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The code of an engine error that is the client's, or null for anything a resolver raised.</summary>
    public static string? Of(ExecutionError error) => error switch
    {
        SyntaxError => ParseFailed,
        InvalidVariableError => BadUserInput,
        ValidationError => ValidationFailed,
        DocumentError => BadRequest,
        _ => null,
    };
}
