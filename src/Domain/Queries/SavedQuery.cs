using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Queries;

/// <summary>
/// SQL saved by an analyst (seed 001). <c>org_id</c> and <c>user_id</c> are soft references into the state database.
/// Addition: <see cref="WorkspaceId"/>, the tenant boundary every read is confined to. Only its owner changes it; a
/// shared query is readable by the workspace, not writable.
/// </summary>
public class SavedQuery
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid WorkspaceId { get; set; }

    /// <summary>The owner's <c>Caller.PrincipalId</c>: the user (also through a personal key), or a service key's principal.</summary>
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string Query { get; set; }
    public string Visibility { get; set; } = QueryVisibility.Private;

    /// <summary>Addition: the typed <c>:name</c> placeholders of <see cref="Query"/> (seed 004's QueryTemplate parameters).</summary>
    public List<QueryParameter> Parameters { get; set; } = [];
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>
    /// A new name, SQL, visibility and parameters (null keeps each), validated together before anything changes: saved
    /// SQL must be runnable (one reading statement, every placeholder declared once).
    /// </summary>
    public void Update(string? name, string? sql, bool sqlGiven, string? visibility, List<QueryParameter>? parameters, DateTimeOffset? now)
    {
        var validName = name is null ? Name : Names.Require(name);
        var validSql = sqlGiven ? Runnable(sql) : Query;
        var validVisibility = RequireVisibility(visibility) ?? Visibility;
        var validParameters = parameters ?? Parameters;
        QueryTemplate.Validate(validSql, validParameters);
        (Name, Query, Visibility, Parameters) = (validName, validSql, validVisibility, validParameters);
        UpdatedAt = now ?? UpdatedAt;
    }

    public void EnsureOwnedBy(Guid principalId)
    {
        if (UserId != principalId)
        {
            throw new ForbiddenException("owner");
        }
    }

    // Stored as written (not trimmed), once it is known to be one reading statement.
    private static string Runnable(string? sql)
    {
        ReadOnlySql.Require(sql, "query");
        return sql!;
    }

    private static string? RequireVisibility(string? value) =>
        value is null or QueryVisibility.Private or QueryVisibility.Shared
            ? value
            : throw new ValidationException("'visibility' must be 'private' or 'shared'.", "visibility");
}
