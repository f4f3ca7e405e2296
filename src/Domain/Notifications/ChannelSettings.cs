using System.Net.Mail;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Notifications;

/// <summary>
/// What a channel needs to send, sealed at rest as one JSON document (webhook URLs carry their token in the path, an
/// SMTP password and a PagerDuty routing key are secrets outright). Only <see cref="Redacted"/> ever leaves the store.
/// </summary>
public sealed record ChannelSettings
{
    public string? Url { get; init; }
    public string? RoutingKey { get; init; }
    public Guid? WebhookId { get; init; }
    public EmailSettings? Email { get; init; }

    /// <summary>The settings a kind needs, checked; VALIDATION names the missing or bad field.</summary>
    public ChannelSettings Validate(NotificationChannelKind kind) => kind switch
    {
        NotificationChannelKind.Slack or NotificationChannelKind.Teams => new ChannelSettings { Url = RequireHttpsUrl(Url) },
        NotificationChannelKind.PagerDuty => new ChannelSettings
        {
            RoutingKey = RoutingKey is { Length: >= 8 and <= 128 } key && key.All(char.IsAsciiLetterOrDigit)
                ? key : throw new ValidationException("'routingKey' must be the 32-character integration key of a PagerDuty Events API v2 integration.", "routingKey"),
        },
        NotificationChannelKind.Webhook => new ChannelSettings { WebhookId = WebhookId ?? throw new ValidationException("'webhookId' must name one of the workspace's webhooks.", "webhookId") },
        NotificationChannelKind.Email => new ChannelSettings { Email = (Email ?? throw new ValidationException("'email' settings are required for an e-mail channel.", "email")).Validate() },
        _ => throw new ValidationException($"Unknown channel kind '{kind}'.", "kind"),
    };

    /// <summary>
    /// What the graph shows: where it goes without the secret part (<c>https://hooks.slack.com/…/••••</c>,
    /// <c>routing key ••••a1b2</c>, <c>smtp.example.com:587 → ops@example.com</c>).
    /// </summary>
    public string Redacted(NotificationChannelKind kind) => kind switch
    {
        NotificationChannelKind.Slack or NotificationChannelKind.Teams => RedactUrl(Url!),
        NotificationChannelKind.PagerDuty => "routing key ••••" + RoutingKey![^Math.Min(4, RoutingKey!.Length)..],
        NotificationChannelKind.Email => $"{Email!.Host}:{Email.Port} → {string.Join(", ", Email.To)}",
        _ => "webhook",
    };

    public static string RedactUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…/••••" : "••••";

    private static string RequireHttpsUrl(string? url)
    {
        // http only for hosts the webhook allow-list names (tests, a local relay): the options live outside the domain, so
        // WebhookDestinations.RequireHttpsUnlessAllowed enforces that when saved and sent; the SSRF guard judges the host.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2048)
        {
            throw new ValidationException("'url' must be the absolute https URL of the incoming webhook.", "url");
        }

        return url;
    }
}

/// <summary>An e-mail channel's SMTP server and recipients; the password is the secret.</summary>
public sealed record EmailSettings
{
    public string Host { get; init; } = "";
    public int Port { get; init; } = 587;
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;
    public string? User { get; init; }
    public string? Password { get; init; }
    public string From { get; init; } = "";
    public string[] To { get; init; } = [];

    public EmailSettings Validate()
    {
        var host = Names.Require(Host, "email.host");
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new ValidationException("'email.host' must be a host name or address.", "email.host");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ValidationException("'email.port' must be 1 to 65535.", "email.port");
        }

        RequireAddress(From, "email.from");
        var to = To.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (to.Length is 0 or > 50)
        {
            throw new ValidationException("'email.to' must list 1 to 50 addresses.", "email.to");
        }

        foreach (var address in to)
        {
            RequireAddress(address, "email.to");
        }

        var user = string.IsNullOrWhiteSpace(User) ? null : User;
        if (Security == SmtpSecurity.None && (user is not null || !string.IsNullOrEmpty(Password)))
        {
            // Without TLS the login would cross the network in cleartext.
            throw new ValidationException("'email.security' must be START_TLS or TLS when a user or password is set: NONE would send them in cleartext.", "email.security");
        }

        return this with { Host = host, To = to, User = user };
    }

    /// <summary>
    /// These settings replacing <paramref name="current"/>, where an omitted password keeps the stored one only while the
    /// server and login it was given for stay the same: otherwise a writer could point the channel at their own server and
    /// have the test send log in there with it. A changed server with a user set needs the password again (VALIDATION
    /// naming <c>email.password</c>); without a user the stored password is dropped.
    /// </summary>
    public EmailSettings Replacing(EmailSettings? current)
    {
        if (Password is not null || current?.Password is null)
        {
            return this;
        }

        var sameServer = string.Equals(Host.Trim(), current.Host, StringComparison.OrdinalIgnoreCase) && Port == current.Port
            && Security == current.Security && string.Equals(string.IsNullOrWhiteSpace(User) ? null : User, current.User, StringComparison.Ordinal);
        if (sameServer)
        {
            return this with { Password = current.Password };
        }

        return string.IsNullOrWhiteSpace(User)
            ? this
            : throw new ValidationException("'email.password' must be given again when 'email.host', 'email.port', 'email.user' or 'email.security' changes.", "email.password");
    }

    private static void RequireAddress(string address, string field)
    {
        if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address.Trim())
        {
            throw new ValidationException($"'{field}' must be an e-mail address ('{address}' is not).", field);
        }
    }
}
