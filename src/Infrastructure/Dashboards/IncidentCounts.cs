using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Infrastructure.Dashboards;

/// <summary>A set of incidents counted: all of them, by status, and by severity.</summary>
public sealed record IncidentCounts(int Total, IReadOnlyList<Tally<IncidentStatus>> ByStatus, IReadOnlyList<Tally<CheckSeverity>> BySeverity);
