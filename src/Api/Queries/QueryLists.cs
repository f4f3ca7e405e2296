using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Queries;

public static class QueryLists
{
    public static readonly ListSpec<SavedQuery> SavedQueries = new ListSpec<SavedQuery>("SavedQuery", (SavedQuery q) => q.Id)
        .GlobalId(q => q.Id)
        .Field("name", q => q.Name)
        .Enum<QueryVisibilityGraphType>("visibility", q => q.Visibility)
        .Field("createdAt", q => q.CreatedAt)
        .Field("updatedAt", q => q.UpdatedAt)
        .OrderByDefault(SortKey.Asc((SavedQuery q) => q.Name));

    public static readonly ListSpec<QueryResult> QueryResults = new ListSpec<QueryResult>("QueryResult", (QueryResult r) => r.Id)
        .GlobalId(r => r.Id)
        .Enum<QueryRunModeGraphType>("mode", r => r.Mode)
        .Enum<QueryStatusGraphType>("status", r => r.Status)
        .Field("sqlHash", r => r.SqlHash)
        .Enum<QueryOutputFormatGraphType>("outputFormat", r => r.OutputFormat)
        .Field("rowCount", r => r.RowCount)
        .Field("durationMs", r => r.DurationMs)
        .Field("errorCode", r => r.ErrorCode)
        .Reference("connectionId", r => r.ConnectionId, "Connection")
        .Reference("savedQueryId", r => r.SavedQueryId, "SavedQuery")
        .Reference("runById", r => r.UserId, "User", "ApiKey")
        .Field("taskId", r => r.TaskId)
        .Field("createdAt", r => r.CreatedAt)
        .OrderByDefault(SortKey.Desc((QueryResult r) => r.CreatedAt));

    public static readonly ListSpec<QueryAuditEntry> QueryAudit = new ListSpec<QueryAuditEntry>("QueryAuditEntry", (QueryAuditEntry a) => a.Id)
        .Field("taskId", a => a.TaskId)
        .Field("datasetId", a => a.DatasetId)
        .Field("queryTime", a => a.QueryTime)
        .Field("resultRowCount", a => a.ResultRowCount)
        .Field("refused", a => a.Refused)
        .Reference("queryResultId", a => a.QueryResultId, "QueryResult")
        .OrderByDefault(SortKey.Desc((QueryAuditEntry a) => a.QueryTime));
}
