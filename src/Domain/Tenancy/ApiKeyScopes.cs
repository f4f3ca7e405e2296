namespace DqPlatform.Domain.Tenancy;

/// <summary>The scopes an API key can hold, least privilege first.</summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string RunChecks = "checks:run";
    public const string RunQueries = "queries:run";
    public const string ManageKeys = "keys:manage";
    public const string OrganizationAdmin = "org:admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, RunChecks, RunQueries, ManageKeys, OrganizationAdmin];
}
