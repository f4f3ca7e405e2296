using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Dashboards;
using GraphQL.Types;

namespace DqPlatform.Api.Dashboards;

/// <summary>Counts of the checks the caller chose (workspace and filter), from one GROUP BY.</summary>
public sealed class CheckCountsGraphType : ObjectGraphType<CheckCounts>
{
    public CheckCountsGraphType()
    {
        Name = "CheckCounts";
        Field(c => c.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckOutcomeCountGraphType>>>>("byLastOutcome")
            .Description("Every outcome of a check's latest run (PASSED, FAILED, ERROR, NEVER_RUN), zeros included.").Resolve(c => c.Source.ByLastOutcome);
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
