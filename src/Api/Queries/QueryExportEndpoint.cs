using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence.QueryData;
using DqPlatform.Infrastructure.Queries;

namespace DqPlatform.Api.Queries;

/// <summary>
/// <c>GET /v1/query-results/{id}/export</c>: streams a finished export of the caller's workspace with its content
/// type (ranges supported). 404 for a run the key cannot see, 409 while it is not finished, 410 once retention
/// deleted it.
/// </summary>
public static class QueryExportEndpoint
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

            var file = http.RequestServices.GetRequiredService<ExportFiles>().FileOf(run);
            if (file is null || !File.Exists(file))
            {
                return Results.Json(RestErrors.Body("EXPORT_EXPIRED", "The export was deleted after its retention period."), statusCode: StatusCodes.Status410Gone);
            }

            return Results.File(file, QueryOutputFormat.ContentType(run.OutputFormat!), $"query-{run.Id:D}.{run.OutputFormat}", enableRangeProcessing: true);
        }));
}
