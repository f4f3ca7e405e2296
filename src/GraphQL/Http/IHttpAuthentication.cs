using GraphQL;
using Microsoft.AspNetCore.Http;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// Who calls, as the product serving the schema decides it. Registered as a service; without one, requests execute
/// without a caller and no answer is a 401.
/// </summary>
public interface IHttpAuthentication
{
    /// <summary>
    /// Establishes the request's caller from its credentials before it executes. Null lets it execute (with or without
    /// a caller); an error refuses it with 401 instead (response headers such as <c>WWW-Authenticate</c> set here).
    /// </summary>
    ValueTask<ExecutionError?> AuthenticateAsync(HttpContext context);

    /// <summary>Whether an error says the caller is not authenticated: a result with such an error and no data is a 401.</summary>
    bool IsUnauthenticated(ExecutionError error);

    /// <summary>
    /// Whether the request has an authenticated caller (after <see cref="AuthenticateAsync"/>). Only such requests register
    /// persisted documents: an anonymous client must not be able to fill the shared store.
    /// </summary>
    bool HasCaller(HttpContext context) => true;

    /// <summary>The HTTP status of a refusal from <see cref="AuthenticateAsync"/>: 401 unless the host says otherwise (403 for a place the caller may not enter).</summary>
    int StatusOf(ExecutionError refusal) => StatusCodes.Status401Unauthorized;
}
