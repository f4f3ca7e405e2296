using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;

namespace DqPlatform.Domain.Incidents;

/// <summary>What a run did to its check's incident: opened it, counted on it, or resolved it.</summary>
public sealed record IncidentChange(Guid IncidentId, IncidentChangeKind Kind, IncidentStatus Status, CheckSeverity Severity, int FailureCount);
