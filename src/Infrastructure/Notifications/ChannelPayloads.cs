using System.Text.Json.Nodes;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// The JSON each vendor documents: Slack Block Kit (incoming webhooks take <c>text</c> plus <c>blocks</c>), a Teams
/// message carrying one Adaptive Card attachment (incoming webhooks and Workflows both take it), and a PagerDuty Events
/// API v2 event (<c>trigger</c> with a payload; <c>acknowledge</c>/<c>resolve</c> with the dedup key alone).
/// </summary>
public static class ChannelPayloads
{
    public static JsonObject Slack(NotificationMessage m)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Cut(m.Summary, 150)) },
        };
        if (!m.IsTest)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = Markdown($"*{m.Headline}*: {Escape(m.CheckName)}"),
                ["fields"] = new JsonArray(Facts(m).Select(f => (JsonNode)Markdown($"*{f.Name}*\n{Escape(f.Value)}")).ToArray()),
            });
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Markdown(m.IncidentUrl is null ? "DQ Platform" : $"DQ Platform · <{m.IncidentUrl}|Open the incident>")),
        });
        // The fallback text is mrkdwn too (notifications, clients without blocks): names are escaped there as well.
        return new JsonObject { ["text"] = Escape(m.Summary), ["blocks"] = blocks };
    }

    public static JsonObject Teams(NotificationMessage m)
    {
        var body = new JsonArray
        {
            // A TextRun is never read as markdown, unlike a TextBlock: a check's name shows as typed.
            new JsonObject
            {
                ["type"] = "RichTextBlock",
                ["inlines"] = new JsonArray(new JsonObject
                {
                    ["type"] = "TextRun", ["text"] = m.Summary, ["weight"] = "Bolder", ["size"] = "Medium",
                    ["color"] = m.Severity is Domain.Checks.CheckSeverity.Warning ? "Warning" : m.IsTest ? "Default" : "Attention",
                }),
            },
        };
        if (!m.IsTest)
        {
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(Facts(m).Select(f => (JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = TeamsEscape(f.Value) }).ToArray()),
            });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (m.IncidentUrl is not null)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the incident", ["url"] = m.IncidentUrl });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }

    /// <param name="dedupKey">The incident id: trigger, acknowledge and resolve of one incident name the same alert.</param>
    public static JsonObject PagerDuty(NotificationMessage m, string routingKey, string dedupKey)
    {
        var action = m.IsTest ? "trigger" : Domain.Notifications.DeliveryRules.PagerDutyAction(m.Event);
        var root = new JsonObject { ["routing_key"] = routingKey, ["event_action"] = action, ["dedup_key"] = dedupKey };
        if (action != "trigger")
        {
            return root;
        }

        root["payload"] = new JsonObject
        {
            ["summary"] = Cut(m.Summary, 1024),
            ["severity"] = m.IsTest ? "info" : Domain.Notifications.DeliveryRules.PagerDutySeverity(m.Severity),
            ["source"] = m.IsTest ? "dq-platform" : $"{m.Connection}/{m.Table}",
            ["timestamp"] = m.At.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["component"] = m.Table,
            ["group"] = m.Connection,
            ["class"] = m.CheckType,
            ["custom_details"] = new JsonObject(Facts(m).Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Value))),
        };
        root["client"] = "DQ Platform";
        if (m.IncidentUrl is not null)
        {
            root["client_url"] = m.IncidentUrl;
            root["links"] = new JsonArray(new JsonObject { ["href"] = m.IncidentUrl, ["text"] = "Open the incident" });
        }

        return root;
    }

    /// <summary>Closes the alert <paramref name="dedupKey"/> names (after a test trigger).</summary>
    public static JsonObject PagerDutyResolve(string routingKey, string dedupKey) =>
        new() { ["routing_key"] = routingKey, ["event_action"] = "resolve", ["dedup_key"] = dedupKey };

    /// <summary>The fields every channel shows, in order.</summary>
    public static IEnumerable<(string Name, string Value)> Facts(NotificationMessage m)
    {
        if (m.IsTest)
        {
            yield break;
        }

        yield return ("Severity", m.SeverityText);
        yield return ("Status", m.Status?.ToString().ToLowerInvariant() ?? "");
        yield return ("Check", m.CheckName);
        yield return ("Check type", m.CheckType);
        yield return ("Table", m.Table);
        yield return ("Connection", m.Connection);
        yield return ("Failures", (m.FailureCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("At", m.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    // Slack's mrkdwn treats these three as control characters.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    // Fact values are read as markdown by Teams: a backslash before each character that makes emphasis, code, links,
    // headings or HTML (and a list marker opening the value) shows it as typed.
    private static string TeamsEscape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (@"\`*_[]<>#~|".Contains(c, StringComparison.Ordinal) || (i == 0 && c is '-' or '+' or '!'))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
