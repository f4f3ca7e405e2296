using DqPlatform.Domain.Checks;

namespace DqPlatform.Infrastructure.Dashboards;

/// <summary>A set of checks counted: all of them, and by the outcome of their latest run.</summary>
public sealed record CheckCounts(int Total, IReadOnlyList<Tally<CheckOutcome>> ByLastOutcome);
