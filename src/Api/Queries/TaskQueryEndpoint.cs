using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Queries;

namespace DqPlatform.Api.Queries;

/// <summary>
/// <c>POST /v1/task/query</c> (seed 000): a pipeline task runs a query under the same rules as <c>runQuery</c>
/// (read-only, bound parameters, caps, timeout) and the same audit, whose rows carry the task's id. Answers 200 with
/// the rows for a successful run, 422 with the stored error for a failed one.
/// </summary>
public static class TaskQueryEndpoint
{
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public sealed record Argument(string Name, QueryParameterType? Type, JsonElement? Value);

    public sealed record Body(Guid? TaskId, string? ConnectionId, string? Sql, IReadOnlyList<Argument>? Parameters, int? MaxRows, int? TimeoutSeconds);

    public static void Map(WebApplication app) =>
        app.MapPost("/v1/task/query", (Delegate)((HttpContext http) => RestErrors.HandleAsync(http, async () =>
        {
            var caller = await RestErrors.CallerAsync(http, ApiKeyScopes.RunQueries);
            var body = await ReadAsync(http);
            var arguments = body.Parameters ?? [];
            if (arguments.Any(a => a is null || string.IsNullOrEmpty(a.Name)))
            {
                throw new ValidationException("Every parameter needs a 'name'.", "parameters");
            }
            if (arguments.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new ValidationException($"Parameter '{twice.Key}' is given twice.", "parameters");
            }

            var request = new QueryRunRequest(
                caller.OrganizationId, caller.WorkspaceId, caller.Actor.Id, ConnectionIdOf(body.ConnectionId), body.Sql ?? "",
                arguments.Select(a => new QueryParameter(a.Name, a.Type ?? QueryParameterType.String)).ToList(),
                arguments.ToDictionary(a => a.Name, a => TextOf(a.Value)),
                QueryMode.Interactive, QueryOutputFormat.Json,
                TaskId: body.TaskId ?? throw new ValidationException("'task_id' is required.", "task_id"),
                MaxRows: body.MaxRows, TimeoutSeconds: body.TimeoutSeconds)
            {
                Reader = DatasetReader.Of(caller),
            };
            var answer = await http.RequestServices.GetRequiredService<QueryRuns>().RunInteractiveAsync(request, http.RequestAborted);
            var run = answer.Result;
            return Results.Json(new
            {
                query_id = run.Id,
                task_id = run.TaskId,
                status = run.Status,
                sql_hash = run.SqlHash,
                columns = answer.Columns.Select(c => new { name = c.Name, source_type = c.SourceType }),
                rows = answer.Rows,
                row_count = run.RowCount,
                truncated = answer.Truncated,
                duration_ms = run.DurationMs,
                error = run.ErrorCode is null ? null : new { code = run.ErrorCode, message = run.ErrorMessage },
            }, statusCode: run.Status == QueryStatus.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        }))).WithMetadata(new RequestSizeLimitMetadata(MaxBodyBytes));

    private static async Task<Body> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new ValidationException("Send the request as application/json.", "body");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<Body>(http.Request.Body, Json, http.RequestAborted)
                ?? throw new ValidationException("The body must be a JSON object.", "body");
        }
        catch (JsonException e)
        {
            throw new ValidationException("The body is not valid JSON for this endpoint: " + e.Message, "body");
        }
    }

    // A UUID, or the connection's GraphQL id.
    private static Guid ConnectionIdOf(string? given) =>
        Guid.TryParse(given, out var id) ? id
        : given is not null && GlobalId.TryDecode(given, out var type, out id) && type == "Connection" ? id
        : throw new ValidationException("'connection_id' must be a connection's UUID or id.", "connection_id");

    private static string? TextOf(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => throw new ValidationException("Parameter values must be strings, numbers, booleans or null.", "parameters"),
    };

    private sealed class RequestSizeLimitMetadata(long size) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => size;
    }
}
