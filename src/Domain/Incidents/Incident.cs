using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Incidents;

/// <summary>Failures of one check grouped together. At most one incident per check is open or acknowledged.</summary>
public class Incident
{
    public Guid Id { get; set; }
    public Guid CheckId { get; set; }
    public IncidentStatus Status { get; set; } = IncidentStatus.Open;
    public CheckSeverity Severity { get; set; }
    public int FailureCount { get; set; } = 1;
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? ResolutionNotes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public CheckDefinition? Check { get; set; }

    public bool IsActive => Status != IncidentStatus.Resolved;
}
