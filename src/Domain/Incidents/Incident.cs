using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Incidents;

/// <summary>
/// Failures of one check grouped together (see <see cref="IncidentRules"/> for how they group and when passes resolve
/// them). Its state changes only through the transitions below; <c>IncidentStore</c> applies the same transitions
/// atomically where concurrent runs meet.
/// </summary>
public class Incident
{
    public Guid Id { get; set; }
    public Guid CheckId { get; private set; }
    public IncidentStatus Status { get; private set; } = IncidentStatus.Open;
    public CheckSeverity Severity { get; private set; }
    public int FailureCount { get; private set; } = 1;
    public DateTimeOffset FirstSeen { get; private set; }
    public DateTimeOffset LastSeen { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }

    /// <summary>The actor (user or key) who acknowledged it; <see cref="AcknowledgedBy"/> keeps the name shown in notes.</summary>
    public Guid? AcknowledgedById { get; private set; }
    public string? ResolutionNotes { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// The group it collects failures of (<see cref="IncidentGroups.KeyOf"/>; null: its check's alone);
    /// <see cref="CheckId"/> is the check that opened it.
    /// </summary>
    public string? GroupKey { get; private set; }
    public IncidentGrouping Grouping { get; private set; }

    /// <summary>While in the future, changes are counted but not announced (<see cref="Mutes"/>).</summary>
    public DateTimeOffset? MutedUntil { get; private set; }
    public Guid? MutedById { get; private set; }
    public string? MuteReason { get; private set; }

    /// <summary>The member who is to handle it (<see cref="AssigneeNotMemberException"/> for anyone else).</summary>
    public Guid? AssigneeId { get; private set; }

    public CheckDefinition? Check { get; set; }

    /// <summary>Open or acknowledged: the incident new failures of its check count on.</summary>
    public bool IsActive => IncidentRules.ActiveStatuses.Contains(Status);

    /// <summary>The first failure of a check with no active incident opens one.</summary>
    public static Incident Open(Guid checkId, CheckSeverity severity, DateTimeOffset at) => new()
    {
        CheckId = checkId,
        Severity = severity,
        FirstSeen = at,
        LastSeen = at,
        CreatedAt = at,
        UpdatedAt = at,
    };

    /// <summary>Another failure of the same check: counted, and the incident takes the worse severity.</summary>
    public void RecordFailure(CheckSeverity severity, DateTimeOffset at)
    {
        if (!IsActive)
        {
            throw new Common.ConflictException("A resolved incident takes no more failures; the failure opens a new one.");
        }

        FailureCount++;
        LastSeen = at > LastSeen ? at : LastSeen;
        Severity = IncidentRules.Worse(Severity, severity);
        UpdatedAt = at;
    }

    /// <summary>
    /// Someone is on it: only an open incident can be acknowledged; new failures keep counting on it. The actor
    /// (<paramref name="byId"/>, a user or a key) is kept with the name it had then (<paramref name="by"/>), which the
    /// notes quote and which outlives the actor.
    /// </summary>
    public void Acknowledge(Guid byId, string by, string? notes, DateTimeOffset now)
    {
        MoveTo(IncidentStatus.Acknowledged, now);
        AcknowledgedById = byId;
        AcknowledgedBy = by;
        AppendNote(notes is null ? null : $"Acknowledged by {by}: {notes}");
    }

    /// <summary>Closes an open or acknowledged incident; the next failure of its check opens a new one.</summary>
    public void Resolve(string by, string? notes, DateTimeOffset now)
    {
        MoveTo(IncidentStatus.Resolved, now);
        ResolvedAt = now;
        AppendNote($"Resolved by {by}" + (notes is null ? "." : $": {notes}"));
    }

    /// <summary>Closes the incident after <paramref name="passes"/> passing runs in a row (see <see cref="IncidentRules.PassesResolve"/>).</summary>
    public void ResolveAutomatically(int passes, DateTimeOffset now)
    {
        MoveTo(IncidentStatus.Resolved, now);
        ResolvedAt = now;
        AppendNote(IncidentRules.AutoResolutionNote(passes));
    }

    /// <summary>Silences its changes until <paramref name="until"/> (see <see cref="Mutes"/>); only an active incident.</summary>
    public void Mute(DateTimeOffset until, Guid byId, string? reason, DateTimeOffset now)
    {
        RequireActive();
        MutedUntil = Mutes.Until(until, now);
        MutedById = byId;
        MuteReason = Mutes.Reason(reason);
        UpdatedAt = now;
    }

    /// <summary>Ends a mute at once; publishes nothing of itself (see <see cref="Mutes"/>).</summary>
    public void Unmute(DateTimeOffset now)
    {
        MutedUntil = null;
        MutedById = null;
        MuteReason = null;
        UpdatedAt = now;
    }

    /// <summary>Hands it to a member (checked by the caller against the workspace's members), or to nobody.</summary>
    public void Assign(Guid? userId, DateTimeOffset now)
    {
        AssigneeId = userId;
        UpdatedAt = now;
    }

    private void RequireActive()
    {
        if (!IsActive)
        {
            throw new Common.ConflictException("The incident is resolved; the next failure opens a new one.");
        }
    }

    private void MoveTo(IncidentStatus next, DateTimeOffset now)
    {
        if (!IncidentRules.CanMove(Status, next))
        {
            throw new Common.ConflictException(next == IncidentStatus.Resolved
                ? "The incident is already resolved."
                : $"The incident is {Status.ToString().ToLowerInvariant()}, not open.");
        }

        Status = next;
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
