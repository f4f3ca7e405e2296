namespace DqPlatform.Domain.Tenancy;

/// <summary>Who is calling: an authenticated API key, its workspace and organization, and what it may do.</summary>
public sealed record Caller(Guid ApiKeyId, Guid WorkspaceId, Guid OrganizationId, IReadOnlySet<string> Scopes)
{
    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(ApiKeyScopes.OrganizationAdmin);
}
