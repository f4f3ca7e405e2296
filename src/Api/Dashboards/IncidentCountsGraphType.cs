using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Dashboards;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Dashboards;

/// <summary>Counts of a set of incidents the caller chose (workspace and filter): each field is one GROUP BY, run only when selected.</summary>
public sealed class IncidentCountsGraphType : ObjectGraphType<IQueryable<Incident>>
{
    public IncidentCountsGraphType()
    {
        Name = "IncidentCounts";
        Field<NonNullGraphType<IntGraphType>>("total").ResolveAsync(async c => await c.Source.CountAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncidentStatusCountGraphType>>>>("byStatus")
            .Description("Every status, in workflow order, zeros included.")
            .ResolveAsync(async c => await DashboardCounts.IncidentsByStatusAsync(c.Source, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeverityCountGraphType>>>>("bySeverity")
            .Description("Every severity, mildest first, zeros included.")
            .ResolveAsync(async c => await DashboardCounts.IncidentsBySeverityAsync(c.Source, c.CancellationToken));
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
