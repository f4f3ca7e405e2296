namespace DqPlatform.Domain.Incidents;

/// <summary>
/// A check whose failures counted on an incident (one row per check; the check alone for per-check grouping), kept by
/// <c>IncidentStore.RecordFailureAsync</c> in the statement that counts the failure. A group incident resolves when
/// every one of its checks has passed <see cref="IncidentRules.DefaultPassesToResolve"/> times in a row.
/// </summary>
public class IncidentCheck
{
    public Guid IncidentId { get; set; }
    public Guid CheckId { get; set; }
    public int FailureCount { get; set; }
    public DateTimeOffset LastSeen { get; set; }
}
