using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;
using DqPlatform.Infrastructure.Checks;

namespace DqPlatform.Api.Dashboards;

/// <summary>The dashboard questions of seed 002 that are aggregates rather than lists.</summary>
public static class DashboardQueries
{
    public static void Register(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TablePassRateGraphType>>>>("passRateByTable")
            .Description("Runs, passes and pass rate per target table over a time window, worst first.")
            .Argument<NonNullGraphType<DateTimeScalar>>("since")
            .Argument<DateTimeScalar>("until")
            .ResolveAsync(async c =>
            {
                var since = c.GetArgument<DateTimeOffset>("since").ToUniversalTime();
                var until = c.GetArgument<DateTimeOffset?>("until")?.ToUniversalTime() ?? DateTimeOffset.MaxValue;
                if (until <= since)
                {
                    throw new ValidationException("'until' must be after 'since'.", "until");
                }

                var rows = await c.Service<CheckReads>().PassRateByTableAsync(since, until, c.CancellationToken);
                return rows.OrderBy(r => r.PassRate).ThenBy(r => r.TargetTable, StringComparer.Ordinal).ToList();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScheduleGraphType>>>>("checksDue")
            .Description("Enabled schedules of enabled checks whose next run is due, soonest first.")
            .Argument<DateTimeScalar>("asOf", "Defaults to now.")
            .Argument<IntGraphType>("first", "At most this many (default 100, max 1000).")
            .ResolveAsync(async c =>
            {
                var asOf = c.GetArgument<DateTimeOffset?>("asOf")?.ToUniversalTime() ?? c.Service<DqPlatform.Domain.Common.IClock>().UtcNow;
                var first = c.GetArgument<int?>("first") ?? 100;
                if (first is < 1 or > 1000)
                {
                    throw new ValidationException("'first' must be between 1 and 1000.", "first");
                }

                return await c.Service<CheckReads>().DueSchedulesAsync(asOf, first, c.CancellationToken);
            });
    }
}

public sealed class TablePassRateGraphType : ObjectGraphType<TablePassRate>
{
    public TablePassRateGraphType()
    {
        Name = "TablePassRate";
        Field(t => t.TargetSchema, nullable: true);
        Field(t => t.TargetTable);
        Field(t => t.TotalRuns);
        Field(t => t.Passed);
        Field(t => t.PassRate).Description("Percentage of passed runs, one decimal.");
    }
}
