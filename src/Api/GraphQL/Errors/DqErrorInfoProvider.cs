using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy.Quotas;
using GraphQL;
using GraphQL.Execution;

namespace DqPlatform.Api.GraphQL.Errors;

/// <summary>
/// Maps failures to GraphQL errors once: domain exceptions keep their message and stable <c>extensions.code</c>;
/// a dependency away becomes <c>SERVICE_UNAVAILABLE</c>; a statement the database cancelled for time, <c>TIMEOUT</c>; anything unexpected becomes <c>INTERNAL</c> with a generic
/// message, so no driver text (hosts, secrets) leaks.
/// </summary>
public sealed class DqErrorInfoProvider() : ErrorInfoProvider(o => o.ExposeExceptionDetails = false)
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        if (ClientErrorCodes.Of(executionError) is { } requestCode)
        {
            // The client's document, variables or request: the engine's message and locations say what and where.
            info.Message = executionError.Message;
            extensions["code"] = requestCode;
        }
        else switch (executionError.InnerException)
        {
            case ValidationException v:
                info.Message = v.Message;
                extensions["code"] = v.Code;
                if (v.Field is not null)
                {
                    extensions["field"] = v.Field;
                }

                break;
            case BadUserInputException b:
                info.Message = b.Message;
                extensions["code"] = b.Code;
                extensions["field"] = b.Field;
                break;
            case QuotaExceededException q:
                // Which quota, its limit and the usage it met, for a client to show or act on without parsing the message.
                info.Message = q.Message;
                extensions["code"] = q.Code;
                extensions["quota"] = q.Quota;
                extensions["limit"] = q.Limit;
                extensions["used"] = q.Used;
                break;
            case RateLimitedException r:
                info.Message = r.Message;
                extensions["code"] = r.Code;
                extensions["retryAfterSeconds"] = (int)Math.Ceiling(r.RetryAfter.TotalSeconds);
                break;
            case DomainException d:
                info.Message = d.Message;
                extensions["code"] = d.Code;
                break;
            case null:
                extensions["code"] = executionError.Code ?? "BAD_REQUEST";
                break;
            case var e when Infrastructure.Resilience.DependencyFailures.IsStatementTimeout(e):
                // The platform's database cancelled a statement that took too long (an expensive filter): the
                // request's cost, not the server's fault nor an outage, and repeating it as it is would not help.
                info.Message = Infrastructure.Resilience.DependencyFailures.TimeoutMessage;
                extensions["code"] = Infrastructure.Resilience.DependencyFailures.TimeoutCode;
                break;
            case var e when Infrastructure.Resilience.DependencyFailures.IsOutage(e):
                // PostgreSQL or Redis away (restarting): not a fault of the server's code, and worth trying again.
                info.Message = Infrastructure.Resilience.DependencyFailures.UnavailableMessage;
                extensions["code"] = Infrastructure.Resilience.DependencyFailures.UnavailableCode;
                break;
            case var e when Infrastructure.Persistence.DatabaseErrors.ClientDataError(e) is { } message:
                info.Message = message;
                extensions["code"] = "VALIDATION";
                break;
            default:
                info.Message = "An internal error occurred.";
                extensions["code"] = "INTERNAL";
                break;
        }

        extensions.Remove("codes");
        extensions.Remove("number");
        extensions.Remove("details");
        info.Extensions = extensions;
        return info;
    }
}
