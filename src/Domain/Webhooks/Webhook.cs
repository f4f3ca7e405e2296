using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Webhooks;

/// <summary>An HTTP endpoint told about workspace events, with an HMAC signature from <see cref="Secret"/>.</summary>
public class Webhook
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    public string? Secret { get; set; }
    public string[] Events { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public DateTimeOffset? LastTriggeredAt { get; set; }
    public int? LastResponseCode { get; set; }
    public int FailureCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Workspace? Workspace { get; set; }
}
