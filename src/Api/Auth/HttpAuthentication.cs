using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Http;
using DqPlatform.Infrastructure.Security;
using GraphQL;

namespace DqPlatform.Api.Auth;

/// <summary>
/// GraphQL over HTTP's caller: the API key of the <c>Authorization: Bearer</c> header, if one is sent. A key that does
/// not authenticate is a 401 before anything executes; no key leaves the request without a caller (introspection and
/// <c>__typename</c> answer, data fields are <c>UNAUTHENTICATED</c>).
/// </summary>
public sealed class HttpAuthentication(ApiKeyAuthenticator authenticator) : IHttpAuthentication
{
    public async ValueTask<ExecutionError?> AuthenticateAsync(HttpContext context)
    {
        var bearer = BearerTokens.From(context.Request);
        if (bearer is null)
        {
            return null;
        }

        var caller = context.RequestServices.GetRequiredService<RequestCaller>();
        caller.Current = await authenticator.AuthenticateAsync(bearer, context.RequestAborted);
        if (caller.Current is not null)
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return new ExecutionError("The API key is invalid, expired or revoked.") { Code = "UNAUTHENTICATED" };
    }

    public bool HasCaller(HttpContext context) => context.RequestServices.GetRequiredService<RequestCaller>().Current is not null;

    public bool IsUnauthenticated(ExecutionError error) => Equals(error.Code, "UNAUTHENTICATED") || error.InnerException is UnauthenticatedException;
}
