namespace DqPlatform.Domain.Tenancy;

/// <summary>The scopes a key or a role can hold, least privilege first.</summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string TriageIncidents = "incidents:triage";
    public const string RunChecks = "checks:run";
    public const string RunQueries = "queries:run";
    public const string Write = "write";
    public const string ManageKeys = "keys:manage";
    public const string ManageMembers = "members:manage";
    public const string ManageWorkspace = "workspace:manage";
    public const string OrganizationAdmin = "org:admin";

    public static readonly IReadOnlyList<string> All =
        [Read, TriageIncidents, RunChecks, RunQueries, Write, ManageKeys, ManageMembers, ManageWorkspace, OrganizationAdmin];

    /// <summary>
    /// Whether holding <paramref name="held"/> grants <paramref name="scope"/>: <c>org:admin</c> grants everything, and
    /// <c>write</c> grants triage (keys minted before <c>incidents:triage</c> existed acknowledged with <c>write</c>).
    /// </summary>
    public static bool Grants(string held, string scope) =>
        held == scope || held == OrganizationAdmin || (held == Write && scope == TriageIncidents);
}
