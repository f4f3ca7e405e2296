using DqPlatform.Api.Auth;
using DqPlatform.Api.Connections;
using DqPlatform.Api.People;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Queries;

public sealed class SavedQueryGraphType : NodeGraphType<SavedQuery>
{
    public SavedQueryGraphType() : base(q => q.Id)
    {
        Description = "SQL saved by an analyst: private to its owner or shared with the workspace.";
        Field(q => q.Name);
        Field(q => q.Query).Description("The SQL text.");
        Field(q => q.Visibility, type: typeof(NonNullGraphType<QueryVisibilityGraphType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QueryParameterGraphType>>>>("parameters").Resolve(c => c.Source.Parameters);
        Field<ActorInterface>("owner")
            .Description("Who owns the query: a user (also when saved with their personal key), or for a service key the newest key of its holder (ownership survives rotation).")
            .Resolve(c => c.Service<ActorLoaders>().Principal(c.Source.UserId))
            .Reads(nameof(SavedQuery.UserId));
        Field(q => q.CreatedAt, nullable: true);
        Field(q => q.UpdatedAt, nullable: true);
    }
}

public sealed class QueryResultGraphType : NodeGraphType<QueryResult>
{
    public QueryResultGraphType() : base(r => r.Id)
    {
        Description = "One run of a query. Only a SHA-256 of the SQL is kept, never the SQL.";
        Field(r => r.Mode, type: typeof(NonNullGraphType<QueryRunModeGraphType>));
        Field(r => r.Status, type: typeof(NonNullGraphType<QueryStatusGraphType>));
        Field(r => r.SqlHash);
        Field(r => r.OutputFormat, type: typeof(QueryOutputFormatGraphType));
        Field(r => r.OutputLocation, nullable: true);
        Field(r => r.RowCount, nullable: true);
        Field(r => r.Bytes, nullable: true);
        Field(r => r.DurationMs, nullable: true);
        Field(r => r.ErrorCode, nullable: true);
        Field(r => r.ErrorMessage, nullable: true);
        Field<UuidScalar>("taskId").Resolve(c => c.Source.TaskId);
        Field(r => r.CreatedAt, nullable: true);
        Field(r => r.UpdatedAt, nullable: true);
        Field<ActorInterface>("runBy").Description("Who ran it: a user (also with a personal key), otherwise the key; null when that actor is gone.")
            .Resolve(c => c.Service<ActorLoaders>().Actor(c.Source.UserId)).Reads(nameof(QueryResult.UserId));
        Field<SavedQueryGraphType>("savedQuery")
            .Resolve(c => c.Source.SavedQueryId is { } id ? c.Service<QueryLoaders>().SavedQuery(id) : null);
        Field<ConnectionGraphType>("connection")
            .Resolve(c => c.Source.ConnectionId is { } id ? c.Service<ConnectionLoaders>().ById(id) : null);
        Field<StringGraphType>("downloadUrl")
            .Description("Where a finished export is downloaded (GET with the same API key), until the retention job deletes it.")
            .Resolve(c => c.Source is { Status: QueryStatus.Succeeded, OutputLocation: not null } ? QueryExportEndpoint.PathOf(c.Source.Id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QueryAuditEntryGraphType>>>>("audit")
            .Description("The dataset-level audit rows of this run: one per table it read.")
            .Resolve(c => c.Service<QueryLoaders>().AuditOf(c.Source.Id));
    }
}

public sealed class QueryAuditEntryGraphType : ObjectGraphType<QueryAuditEntry>
{
    public QueryAuditEntryGraphType()
    {
        Name = "QueryAuditEntry";
        Description = "Dataset-level audit of a query run: which dataset was read (or refused), never the SQL.";
        Field(a => a.Id, type: typeof(NonNullGraphType<LongGraphType>));
        Field<NonNullGraphType<UuidScalar>>("taskId").Resolve(c => c.Source.TaskId);
        Field<NonNullGraphType<UuidScalar>>("datasetId").Resolve(c => c.Source.DatasetId);
        Field<Datasets.DatasetGraphType>("dataset")
            .Description("The registered dataset of this workspace the row names; null for a table that is not registered.")
            .Resolve(c => c.Service<Datasets.DatasetLoaders>().ById(c.Source.DatasetId)).Reads(nameof(QueryAuditEntry.DatasetId));
        Field(a => a.Refused).Description("The run was refused before it ran because the caller's roles may not read this dataset (DATASET_FORBIDDEN); nothing was read.");
        Field(a => a.QueryTime);
        Field<JsonScalar>("columnsAccessed").Resolve(c => c.Source.ColumnsAccessed);
        Field(a => a.ResultRowCount);
        Field<IdGraphType>("queryResultId").Description("The global id of the run this row audits.")
            .ResolveFromSource(a => a.QueryResultId is { } run ? GlobalId.Encode("QueryResult", run) : null)
            .Reads(nameof(QueryAuditEntry.QueryResultId));
    }
}
