using DqPlatform.Api.Auth;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Api.Queries;

/// <summary>
/// The REST endpoints' side of authentication and errors: the same API keys as GraphQL, and the same stable codes
/// in <c>{"error": {"code", "message", "field"}}</c> with the matching HTTP status.
/// </summary>
public static class RestErrors
{
    public static async Task<Caller> CallerAsync(HttpContext http, string scope)
    {
        var outcome = await RequestAuthentication.OutcomeOfAsync(http) ?? throw new UnauthenticatedException();
        if (outcome.Caller is not { } caller)
        {
            if (outcome.Challenge is not null)
            {
                http.Response.Headers.WWWAuthenticate = outcome.Challenge;
            }

            throw new CredentialsRefusedException(outcome.Code ?? "UNAUTHENTICATED", outcome.Message ?? "Not authenticated.");
        }

        return !caller.HasWorkspace ? throw new WorkspaceRequiredException()
            : caller.Has(scope) ? caller : throw new ForbiddenException(scope);
    }

    public static object Body(string code, string message, string? field = null) => new { error = new { code, message, field } };

    public static async Task<IResult> HandleAsync(HttpContext http, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (Exception e) when (Infrastructure.Resilience.DependencyFailures.IsOutage(e))
        {
            http.Response.Headers.RetryAfter = Infrastructure.Resilience.DependencyFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(Body(Infrastructure.Resilience.DependencyFailures.UnavailableCode, Infrastructure.Resilience.DependencyFailures.UnavailableMessage),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (DomainException e)
        {
            if (e is UnauthenticatedException || (e.Code == "UNAUTHENTICATED" && !http.Response.Headers.ContainsKey("WWW-Authenticate")))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return Results.Json(Body(e.Code, e.Message, (e as ValidationException)?.Field), statusCode: e.Code switch
            {
                "UNAUTHENTICATED" => StatusCodes.Status401Unauthorized,
                "FORBIDDEN" or "WORKSPACE_FORBIDDEN" or "UNKNOWN_ORGANIZATION" or "NO_MEMBERSHIP" => StatusCodes.Status403Forbidden,
                "NOT_FOUND" => StatusCodes.Status404NotFound,
                "CONFLICT" => StatusCodes.Status409Conflict,
                "UNSUPPORTED_CONNECTOR" => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status400BadRequest,
            });
        }
    }
}

/// <summary>The request's credentials were refused (its code as <see cref="CallerAuthentication"/> judged them).</summary>
public sealed class CredentialsRefusedException(string code, string message) : DomainException(code, message);
