namespace DqPlatform.Domain.Incidents;

/// <summary>
/// How failures group into incidents: one open or acknowledged incident per check, counting its failures and keeping
/// the worst severity seen; a run of passes resolves it. The database enforces the grouping (a unique partial
/// index), so concurrent failures cannot split it; these are the numbers and words around it.
/// </summary>
public static class IncidentRules
{
    public const int DefaultPassesToResolve = 3;

    public static string AutoResolutionNote(int passes) => $"Resolved automatically after {passes} consecutive passing runs.";
}
