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

    /// <summary>Someone is on it: only an open incident can be acknowledged; new failures keep counting on it.</summary>
    public void Acknowledge(string by, string? notes, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Open)
        {
            throw new Common.ConflictException($"The incident is {Status.ToString().ToLowerInvariant()}, not open.");
        }

        Status = IncidentStatus.Acknowledged;
        AcknowledgedBy = by;
        AppendNote(notes is null ? null : $"Acknowledged by {by}: {notes}");
        UpdatedAt = now;
    }

    /// <summary>Closes an open or acknowledged incident; the next failure of its check opens a new one.</summary>
    public void Resolve(string by, string? notes, DateTimeOffset now)
    {
        if (Status == IncidentStatus.Resolved)
        {
            throw new Common.ConflictException("The incident is already resolved.");
        }

        Status = IncidentStatus.Resolved;
        ResolvedAt = now;
        AppendNote($"Resolved by {by}" + (notes is null ? "." : $": {notes}"));
        UpdatedAt = now;
    }

    private void AppendNote(string? line)
    {
        if (line is not null)
        {
            ResolutionNotes = ResolutionNotes is null ? line : ResolutionNotes + "\n" + line;
        }
    }
}
