using System.Text.Json.Serialization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;

namespace DqPlatform.Domain.Events;

/// <summary>
/// Something a live client or another system may want to hear about. Events carry ids and the fields a client shows,
/// never secrets; <see cref="WorkspaceId"/> is what every subscriber is authorized against before delivery.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(IncidentChanged), "incident")]
[JsonDerivedType(typeof(CheckResultAdded), "checkResult")]
[JsonDerivedType(typeof(JobStatusChanged), "job")]
[JsonDerivedType(typeof(QueryStatusChanged), "query")]
public abstract record DqEvent(Guid WorkspaceId, DateTimeOffset At);

public enum IncidentChangeKind
{
    Created,
    Updated,
    Acknowledged,
    Resolved,
}

public sealed record IncidentChanged(
    Guid WorkspaceId, DateTimeOffset At, Guid IncidentId, Guid CheckId, IncidentChangeKind Change, IncidentStatus Status, CheckSeverity Severity, int FailureCount)
    : DqEvent(WorkspaceId, At);

public sealed record CheckResultAdded(
    Guid WorkspaceId, DateTimeOffset At, Guid CheckId, Guid JobId, long ResultId, bool Passed, decimal? SensorValue, string? Error)
    : DqEvent(WorkspaceId, At);

public sealed record JobStatusChanged(Guid WorkspaceId, DateTimeOffset At, Guid JobId, Guid CheckId, JobStatus Status)
    : DqEvent(WorkspaceId, At);

public sealed record QueryStatusChanged(Guid WorkspaceId, DateTimeOffset At, Guid QueryResultId, string Status)
    : DqEvent(WorkspaceId, At);
