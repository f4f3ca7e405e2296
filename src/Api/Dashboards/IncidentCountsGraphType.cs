using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Dashboards;
using GraphQL.Types;

namespace DqPlatform.Api.Dashboards;

/// <summary>Counts of the incidents the caller chose (workspace and filter), from one GROUP BY.</summary>
public sealed class IncidentCountsGraphType : ObjectGraphType<IncidentCounts>
{
    public IncidentCountsGraphType()
    {
        Name = "IncidentCounts";
        Field(c => c.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncidentStatusCountGraphType>>>>("byStatus")
            .Description("Every status, in workflow order, zeros included.").Resolve(c => c.Source.ByStatus);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeverityCountGraphType>>>>("bySeverity")
            .Description("Every severity, mildest first, zeros included.").Resolve(c => c.Source.BySeverity);
    }
}

public sealed class IncidentStatusCountGraphType : ObjectGraphType<Tally<IncidentStatus>>
{
    public IncidentStatusCountGraphType()
    {
        Name = "IncidentStatusCount";
        Field("status", t => t.Value);
        Field(t => t.Count);
    }
}

public sealed class SeverityCountGraphType : ObjectGraphType<Tally<CheckSeverity>>
{
    public SeverityCountGraphType()
    {
        Name = "SeverityCount";
        Field("severity", t => t.Value);
        Field(t => t.Count);
    }
}
