using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Dashboards;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Dashboards;

/// <summary>Counts of a set of checks the caller chose (workspace and filter).</summary>
public sealed class CheckCountsGraphType : ObjectGraphType<IQueryable<CheckDefinition>>
{
    public CheckCountsGraphType()
    {
        Name = "CheckCounts";
        Field<NonNullGraphType<IntGraphType>>("total").ResolveAsync(async c => await c.Source.CountAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckOutcomeCountGraphType>>>>("byLastOutcome")
            .Description("Every outcome of a check's latest run (PASSED, FAILED, ERROR, NEVER_RUN), zeros included.")
            .ResolveAsync(async c => await DashboardCounts.ChecksByLastOutcomeAsync(c.Source, c.CancellationToken));
    }
}

public sealed class CheckOutcomeCountGraphType : ObjectGraphType<Tally<CheckOutcome>>
{
    public CheckOutcomeCountGraphType()
    {
        Name = "CheckOutcomeCount";
        Field("outcome", t => t.Value);
        Field(t => t.Count);
    }
}
