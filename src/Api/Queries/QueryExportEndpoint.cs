using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Queries.Storage;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DqPlatform.Api.Queries;

/// <summary>
/// <c>GET /v1/query-results/{id}/export</c>: a finished export of the caller's workspace, from whichever node serves
/// the request — streamed with its content type and ranges, or a 302 to a pre-signed URL of the object store. 404 for
/// a run the key cannot see, 409 while it is not finished, 410 EXPORT_EXPIRED once retention deleted it, 503
/// EXPORT_UNAVAILABLE when it lies where this node cannot reach (another node's disk) or the store refuses this node (its
/// settings or permissions, logged as an error), and 503 SERVICE_UNAVAILABLE while the store does not answer.
/// </summary>
public static partial class QueryExportEndpoint
{
    public static string PathOf(Guid queryResultId) => $"/v1/query-results/{queryResultId:D}/export";

    public static void Map(WebApplication app) =>
        app.MapGet("/v1/query-results/{id:guid}/export", (HttpContext http, Guid id) => RestErrors.HandleAsync(http, async () =>
        {
            var caller = await RestErrors.CallerAsync(http, ApiKeyScopes.Read);
            var run = await http.RequestServices.GetRequiredService<QueryReads>().RunAsync(caller.WorkspaceId, id, http.RequestAborted)
                ?? throw new NotFoundException("QueryResult", id);
            if (run.Mode != QueryMode.Batch || run.Status != QueryStatus.Succeeded)
            {
                throw new ConflictException($"The run has no export to download (mode {run.Mode}, status {run.Status}).");
            }

            // Past its retention an export is expired wherever it lies, also before a sweep reached it.
            var expiredBefore = http.RequestServices.GetRequiredService<IClock>().UtcNow - http.RequestServices.GetRequiredService<IOptions<QueryOptions>>().Value.Retention;
            if (run.OutputLocation is not { } location || run.UpdatedAt < expiredBefore)
            {
                return Expired();
            }

            var target = new ExportTarget(run.OrgId, run.Id, run.OutputFormat!);
            ExportLookup found;
            try
            {
                found = await http.RequestServices.GetRequiredService<ExportStores>().FindAsync(location, target, http.RequestAborted);
            }
            catch (ExportStoreUnavailableException e) when (e.Misconfigured)
            {
                // Not the client's mistake, nor an outage that passes: the operator's to fix, so it is logged as an error.
                LogStoreRefused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(QueryExportEndpoint)), e, run.Id, e.Message);
                return Unavailable(http, "EXPORT_UNAVAILABLE", "The export store refused the request; the operator was told.", DependencyFailures.RetryAfterSeconds);
            }
            catch (ExportStoreUnavailableException)
            {
                return Unavailable(http, DependencyFailures.UnavailableCode, "The export store does not answer; try again shortly.", DependencyFailures.RetryAfterSeconds);
            }

            return found switch
            {
                ExportFound file => Results.Stream(file.Content, target.ContentType, target.DownloadName, file.LastModified,
                    file.ETag is not null && EntityTagHeaderValue.TryParse(file.ETag, out var etag) ? etag : null, enableRangeProcessing: true),
                ExportRedirect redirect => Redirect(http, redirect.Url),
                ExportUnreachable unreachable => Unavailable(http, "EXPORT_UNAVAILABLE", unreachable.Reason, retryAfterSeconds: 1),
                _ => Expired(),
            };
        }));

    // The URL carries a signature that expires: no cache may keep it (or the redirect) past that.
    private static IResult Redirect(HttpContext http, Uri url)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(url.AbsoluteUri);
    }

    private static IResult Expired() =>
        Results.Json(RestErrors.Body("EXPORT_EXPIRED", "The export was deleted after its retention period."), statusCode: StatusCodes.Status410Gone);

    private static IResult Unavailable(HttpContext http, string code, string message, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(RestErrors.Body(code, message), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    // The cause (the store's status and error code, no secrets) is in the line itself, wherever the exception is shown.
    [LoggerMessage(Level = LogLevel.Error, Message = "The export store refused the download of query run {QueryResultId}'s export: {Cause}")]
    private static partial void LogStoreRefused(ILogger logger, Exception e, Guid queryResultId, string cause);
}
