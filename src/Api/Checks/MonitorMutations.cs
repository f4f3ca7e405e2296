using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public static class MonitorMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TableMonitorsPayloadGraphType>>("createTableMonitors")
            .Description("Creates, for each chosen table (or all), a row-count anomaly check, a freshness check on its most likely timestamp column, " +
                "and a schema_drift check, each on the given schedule. Idempotent: monitors that exist are left as they are.")
            .Argument<NonNullGraphType<CreateTableMonitorsInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var connectionId = input.Value<string>("connectionId")!;
                var settings = new MonitorSettings(
                    input.Value<CheckSeverity?>("severity") ?? CheckSeverity.Warning,
                    input.Value<double?>("freshnessMaxAgeSeconds") ?? MonitorSettings.DefaultFreshnessMaxAgeSeconds);
                var request = new MonitorCommands.Request(
                    input.Has("tables") ? input.Strings("tables") : null, input.Value<bool?>("all") ?? false,
                    input.Value<string>("schedule")!, input.Value<string>("timezone"), settings);
                return await c.Service<MonitorCommands>().CreateAsync(
                    MutationSupport.IdOf(connectionId, "Connection", "connectionId"), connectionId, request, c.CancellationToken);
            });
    }
}

public sealed class CreateTableMonitorsInputType : InputObjectGraphType
{
    public CreateTableMonitorsInputType()
    {
        Name = "CreateTableMonitorsInput";
        Field<NonNullGraphType<IdGraphType>>("connectionId");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tables").Description("Tables as \"schema.table\" or \"table\"; or set all.");
        Field<BooleanGraphType>("all").Description("Every table of the connection.");
        Field<NonNullGraphType<StringGraphType>>("schedule").Description("Cron expression every monitor runs on.");
        Field<StringGraphType>("timezone");
        Field<EnumerationGraphType<CheckSeverity>>("severity").Description("Severity of the monitors (default WARNING).");
        Field<FloatGraphType>("freshnessMaxAgeSeconds").Description("Freshness monitors fail past this age (default 86400).");
    }
}

public sealed class TableMonitorsPayloadGraphType : ObjectGraphType<MonitorCommands.Result>
{
    public TableMonitorsPayloadGraphType()
    {
        Name = "TableMonitorsPayload";
        Field(r => r.Tables).Description("Tables covered.");
        Field(r => r.Created).Description("Monitor checks created by this call.");
        Field(r => r.Existing).Description("Monitor checks that already existed.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckDefinitionGraphType>>>>("checks")
            .Description("Every monitor check of the chosen tables, created or existing.").Resolve(c => c.Source.Checks);
    }
}
