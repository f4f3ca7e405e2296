using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>What one run stored: the result, the job's end state, what happened to the check's incident, and the events logged for them.</summary>
public sealed record CheckRunOutcome(
    Guid WorkspaceId, Guid JobId, Guid CheckId, long ResultId, decimal? SensorValue, bool Passed, string? Error, IncidentChange? Incident,
    IReadOnlyList<DqEvent> Events);
