using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Incidents;

/// <summary>
/// How failures group into incidents and how incidents move:
/// <list type="bullet">
/// <item>A check has at most one active (open or acknowledged) incident; each failure counts on it, keeping the worst
/// severity seen and the latest time, or opens a new one when there is none. Under concurrency the database enforces
/// this (the unique partial index <c>idx_incidents_open</c>; <c>IncidentStore.RecordFailureAsync</c>).</item>
/// <item>Open → acknowledged → resolved, or open → resolved; resolved is final.</item>
/// <item>A run of <see cref="DefaultPassesToResolve"/> passing results in a row resolves the active incident
/// (<c>IncidentStore.ResolveAfterPassesAsync</c>, in the transaction that stores the last of them).</item>
/// </list>
/// </summary>
public static class IncidentRules
{
    public const int DefaultPassesToResolve = 3;

    public const int MaxNotesLength = 10_000;

    public static readonly IReadOnlyList<IncidentStatus> ActiveStatuses = [IncidentStatus.Open, IncidentStatus.Acknowledged];

    private static readonly HashSet<(IncidentStatus From, IncidentStatus To)> Moves =
    [
        (IncidentStatus.Open, IncidentStatus.Acknowledged),
        (IncidentStatus.Open, IncidentStatus.Resolved),
        (IncidentStatus.Acknowledged, IncidentStatus.Resolved),
    ];

    public static bool CanMove(IncidentStatus from, IncidentStatus to) => Moves.Contains((from, to));

    /// <summary>The incident keeps the worst severity its failures had.</summary>
    public static CheckSeverity Worse(CheckSeverity a, CheckSeverity b) => a >= b ? a : b;

    /// <summary>Whether the newest results (newest first) resolve an active incident.</summary>
    public static bool PassesResolve(IReadOnlyList<bool> newestOutcomes, int passes) =>
        passes > 0 && newestOutcomes.Count >= passes && newestOutcomes.Take(passes).All(passed => passed);

    /// <summary>A person's notes, trimmed; null when empty; VALIDATION when longer than <see cref="MaxNotesLength"/>.</summary>
    public static string? Notes(string? notes)
    {
        notes = notes?.Trim();
        if (notes?.Length > MaxNotesLength)
        {
            throw new Common.ValidationException($"'notes' may be at most {MaxNotesLength} characters.", "notes");
        }

        return string.IsNullOrEmpty(notes) ? null : notes;
    }

    public static string AutoResolutionNote(int passes) => $"Resolved automatically after {passes} consecutive passing runs.";
}
