using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.People;

/// <summary>
/// The built-in roles, each a set of scopes that contains the one before it: Viewer reads; Operator also runs checks
/// and queries and triages incidents; Editor also creates, updates and deletes definitions; Admin also manages
/// members, keys and the workspace's settings; Owner holds the whole organization.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public const string Owner = "owner";

    private static readonly string[] ViewerScopes = [ApiKeyScopes.Read];
    private static readonly string[] OperatorScopes = [.. ViewerScopes, ApiKeyScopes.RunChecks, ApiKeyScopes.RunQueries, ApiKeyScopes.TriageIncidents];
    private static readonly string[] EditorScopes = [.. OperatorScopes, ApiKeyScopes.Write];
    private static readonly string[] AdminScopes = [.. EditorScopes, ApiKeyScopes.ManageMembers, ApiKeyScopes.ManageKeys, ApiKeyScopes.ManageWorkspace];
    private static readonly string[] OwnerScopes = [ApiKeyScopes.OrganizationAdmin];

    /// <summary>The built-in roles, least privilege first.</summary>
    public static readonly IReadOnlyList<string> BuiltIn = [Viewer, Operator, Editor, Admin, Owner];

    /// <summary>The scopes of a built-in role; null for a slug that is not built in.</summary>
    public static IReadOnlyList<string>? ScopesOf(string role) => role switch
    {
        Viewer => ViewerScopes,
        Operator => OperatorScopes,
        Editor => EditorScopes,
        Admin => AdminScopes,
        Owner => OwnerScopes,
        _ => null,
    };

    public static bool IsBuiltIn(string role) => ScopesOf(role) is not null;
}
