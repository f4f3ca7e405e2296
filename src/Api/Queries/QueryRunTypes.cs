using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Queries;
using GraphQL.Types;

namespace DqPlatform.Api.Queries;

public sealed class QueryParameterGraphType : ObjectGraphType<QueryParameter>
{
    public QueryParameterGraphType()
    {
        Name = "QueryParameter";
        Description = "A :name placeholder of a saved query. Values are always bound as database parameters.";
        Field(p => p.Name);
        Field<NonNullGraphType<EnumerationGraphType<QueryParameterType>>>("type").Resolve(c => c.Source.Type);
        Field(p => p.DefaultValue, nullable: true).Description("Used when a run gives no value; text in the parameter type's format.");
        Field(p => p.Required).Description("A run must give a value when there is no default.");
    }
}

public sealed class QueryParameterInputType : InputObjectGraphType
{
    public QueryParameterInputType()
    {
        Name = "QueryParameterInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<EnumerationGraphType<QueryParameterType>>>("type");
        Field<StringGraphType>("defaultValue");
        Field<BooleanGraphType>("required").DefaultValue(false);
    }
}

public sealed class QueryArgumentInputType : InputObjectGraphType
{
    public QueryArgumentInputType()
    {
        Name = "QueryArgumentInput";
        Description = "A value for a :name placeholder, as text in the parameter type's format (yyyy-MM-dd for dates, ISO 8601 for timestamps).";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("value").Description("Null binds SQL NULL.");
        Field<EnumerationGraphType<QueryParameterType>>("type").Description("For ad-hoc SQL (default STRING); a saved query's declared type wins.");
    }
}

public sealed class RunQueryInputType : InputObjectGraphType
{
    public RunQueryInputType()
    {
        Name = "RunQueryInput";
        Description = "Give either 'sql' or 'savedQueryId'.";
        Field<NonNullGraphType<IdGraphType>>("connectionId");
        Field<StringGraphType>("sql").Description("One reading statement (SELECT, WITH, VALUES or TABLE) with optional :name placeholders.");
        Field<IdGraphType>("savedQueryId");
        Field<ListGraphType<NonNullGraphType<QueryArgumentInputType>>>("parameters");
        Field<QueryRunModeGraphType>("mode").DefaultValue(QueryMode.Interactive);
        Field<QueryOutputFormatGraphType>("format").DefaultValue(QueryOutputFormat.Json).Description("The export format of a BATCH run.");
        Field<IntGraphType>("maxRows").Description("INTERACTIVE: the most rows answered (default 1,000, at most 10,000); more are flagged 'truncated'.");
        Field<IntGraphType>("timeoutSeconds").Description("The statement timeout on the source (default 30 s interactive, 1 h batch).");
    }
}

public sealed class QueryColumnGraphType : ObjectGraphType<ResultColumn>
{
    public QueryColumnGraphType()
    {
        Name = "QueryColumn";
        Field(c => c.Name);
        Field(c => c.SourceType).Description("The type name the source database gives the column.");
    }
}

public sealed class RunQueryPayloadGraphType : ObjectGraphType<InteractiveAnswer>
{
    public RunQueryPayloadGraphType()
    {
        Name = "RunQueryPayload";
        Description = "The stored run and, for a successful INTERACTIVE run, its columns and rows (BATCH runs answer the queued run; follow it with queryStatusChanged).";
        Field<NonNullGraphType<QueryResultGraphType>>("result").Resolve(c => c.Source.Result);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QueryColumnGraphType>>>>("columns").Resolve(c => c.Source.Columns);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JsonScalar>>>>("rows")
            .Description("Each row is a JSON array in column order: numbers and booleans typed, instants ISO 8601 UTC, bytes base64.")
            .Resolve(c => c.Source.Rows);
        Field(a => a.Truncated).Description("More rows (or bytes) than the cap: the rows answered are the first ones.");
    }
}
