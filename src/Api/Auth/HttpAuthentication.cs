using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Http;
using GraphQL;

namespace DqPlatform.Api.Auth;

/// <summary>
/// GraphQL over HTTP's caller: the API key or identity provider token of the <c>Authorization: Bearer</c> header, if
/// one is sent (judged once per request by <see cref="RequestAuthentication"/>). A credential that does not
/// authenticate is a 401 before anything executes, a workspace the caller may not enter a 403; no credential leaves the
/// request without a caller (introspection and <c>__typename</c> answer, data fields are <c>UNAUTHENTICATED</c>).
/// </summary>
public sealed class HttpAuthentication : IHttpAuthentication
{
    public async ValueTask<ExecutionError?> AuthenticateAsync(HttpContext context)
    {
        if (await RequestAuthentication.OutcomeOfAsync(context) is not { } outcome)
        {
            return null;
        }

        var caller = context.RequestServices.GetRequiredService<RequestCaller>();
        caller.Current = outcome.Caller;
        if (outcome.Caller is not null)
        {
            return null;
        }

        if (outcome.Challenge is not null)
        {
            context.Response.Headers.WWWAuthenticate = outcome.Challenge;
        }

        if (outcome.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = Infrastructure.Resilience.DependencyFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new RefusedCredentials(outcome.Message ?? "Not authenticated.", outcome.Status) { Code = outcome.Code };
    }

    public bool HasCaller(HttpContext context) => context.RequestServices.GetRequiredService<RequestCaller>().Current is not null;

    public bool IsUnauthenticated(ExecutionError error) => Equals(error.Code, "UNAUTHENTICATED") || error.InnerException is UnauthenticatedException;

    public int StatusOf(ExecutionError refusal) => (refusal as RefusedCredentials)?.Status ?? StatusCodes.Status401Unauthorized;

    // The status travels with the error rather than in Exception.Data, which the error serializer would expose.
    private sealed class RefusedCredentials(string message, int status) : ExecutionError(message)
    {
        public int Status { get; } = status;
    }
}
