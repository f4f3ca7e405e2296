namespace DqPlatform.Domain.Queries;

/// <summary>
/// SQL saved by an analyst (seed 001). <c>org_id</c> and <c>user_id</c> are soft references into the state database.
/// Addition: <see cref="WorkspaceId"/>, the tenant boundary every read is confined to.
/// </summary>
public class SavedQuery
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string Query { get; set; }
    public string Visibility { get; set; } = QueryVisibility.Private;

    /// <summary>Addition: the typed <c>:name</c> placeholders of <see cref="Query"/> (seed 004's QueryTemplate parameters).</summary>
    public List<QueryParameter> Parameters { get; set; } = [];
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}
