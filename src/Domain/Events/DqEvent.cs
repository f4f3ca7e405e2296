using System.Text.Json.Serialization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Queries;

namespace DqPlatform.Domain.Events;

/// <summary>
/// Something a live client or another system may want to hear about. Events carry ids, the fields a client shows and,
/// where there is one, the changed object as it was committed; never secrets. <see cref="WorkspaceId"/> is what every
/// subscriber is authorized against before delivery.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(IncidentChanged), "incident")]
[JsonDerivedType(typeof(CheckResultAdded), "checkResult")]
[JsonDerivedType(typeof(JobStatusChanged), "job")]
[JsonDerivedType(typeof(QueryStatusChanged), "query")]
public abstract record DqEvent(Guid WorkspaceId, DateTimeOffset At)
{
    /// <summary>
    /// The event's place in its workspace's log (1, 2, 3 … in commit order), or 0 for an event that was not logged.
    /// See <see cref="EventLogRules"/>.
    /// </summary>
    public long Position { get; init; }
}

public enum IncidentChangeKind
{
    Created,
    Updated,
    Acknowledged,
    Resolved,
}

public sealed record IncidentChanged(
    Guid WorkspaceId, DateTimeOffset At, Guid IncidentId, Guid CheckId, IncidentChangeKind Change, IncidentStatus Status, CheckSeverity Severity, int FailureCount,
    Incident? Incident = null)
    : DqEvent(WorkspaceId, At);

public sealed record CheckResultAdded(
    Guid WorkspaceId, DateTimeOffset At, Guid CheckId, Guid JobId, long ResultId, bool Passed, decimal? SensorValue, string? Error,
    CheckResult? Result = null)
    : DqEvent(WorkspaceId, At);

public sealed record JobStatusChanged(Guid WorkspaceId, DateTimeOffset At, Guid JobId, Guid CheckId, JobStatus Status)
    : DqEvent(WorkspaceId, At);

public sealed record QueryStatusChanged(Guid WorkspaceId, DateTimeOffset At, Guid QueryResultId, string Status, QueryResult? Run = null)
    : DqEvent(WorkspaceId, At);
