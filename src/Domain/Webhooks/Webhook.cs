using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Webhooks;

/// <summary>
/// An HTTP endpoint told about workspace events, with an HMAC signature from <see cref="Secret"/> (held sealed: the
/// methods here take it encrypted). Where the URL may point is the platform's to judge (<c>WebhookDestinations</c>).
/// </summary>
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

    /// <summary>Validates everything before changing anything, so a refused change leaves the webhook as it was.</summary>
    public void Update(string name, string url, IEnumerable<string> events, bool enabled)
    {
        var validName = Names.Require(name);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ValidationException("'url' must be an absolute http or https URL.", "url");
        }

        var validEvents = events.Distinct(StringComparer.Ordinal).ToArray();
        if (validEvents.Length == 0 || validEvents.Any(e => !WebhookEvents.Known.Contains(e)))
        {
            throw new ValidationException($"'events' must name at least one of: {string.Join(", ", WebhookEvents.Known)}.", "events");
        }

        Name = validName;
        Url = url;
        Events = validEvents;
        Enabled = enabled;
    }

    /// <summary>A signing secret must be 16 to 255 characters; null removes it.</summary>
    public static string? RequireSecret(string? secret) =>
        secret is { Length: < 16 or > 255 } ? throw new ValidationException("'secret' must be 16 to 255 characters.", "secret") : secret;
}
