using GraphQL;

namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// What a request's document turned out to be: the text to execute, or an error to answer instead. A document sent
/// with its hash for the first time carries the hash to register once it has validated.
/// </summary>
public sealed record PersistedDocument(string? Query, ExecutionError? Error, string? HashToRegister = null)
{
    public static PersistedDocument Of(string query, string? hashToRegister = null) => new(query, null, hashToRegister);

    public static PersistedDocument Refused(string message, string code) => new(null, new ExecutionError(message) { Code = code });
}
