using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;

namespace DqPlatform.Domain.Notifications;

/// <summary>What an incident change is matched on: the change and the check it belongs to.</summary>
public sealed record NotificationSubject(
    IncidentChangeKind Change, CheckSeverity Severity, Guid ConnectionId, string? Schema, string Table, IReadOnlyCollection<string> Tags, string CheckType);

/// <summary>
/// The routing rule: rules are tried in order (position, then age); every enabled rule that matches adds its channels
/// (each channel once, in first-match order), and a matching rule with <see cref="NotificationRule.StopHere"/> ends
/// the walk. A rule matches when every one of its non-empty criteria does. Which of the channels are enabled is the
/// caller's to filter; between routing and delivery is where a quiet step (maintenance, repeat suppression) belongs.
/// </summary>
public static class NotificationRouting
{
    public static IReadOnlyList<Guid> Route(IEnumerable<NotificationRule> rules, NotificationSubject subject)
    {
        var channels = new List<Guid>();
        foreach (var rule in rules.OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id))
        {
            if (!rule.Enabled || !Matches(rule, subject))
            {
                continue;
            }

            channels.AddRange(rule.ChannelIds.Where(c => !channels.Contains(c)));
            if (rule.StopHere)
            {
                break;
            }
        }

        return channels;
    }

    public static bool Matches(NotificationRule rule, NotificationSubject s) =>
        (rule.Events.Length == 0 || rule.Events.Contains(s.Change))
        && (rule.MinSeverity is not { } min || s.Severity >= min)
        && (rule.ConnectionIds.Length == 0 || rule.ConnectionIds.Contains(s.ConnectionId))
        && (rule.Tables.Length == 0 || rule.Tables.Any(t => TableMatches(t, s.Schema, s.Table)))
        && (rule.Tags.Length == 0 || rule.Tags.Any(s.Tags.Contains))
        && (rule.CheckTypes.Length == 0 || rule.CheckTypes.Contains(s.CheckType, StringComparer.Ordinal));

    // "orders" matches the table in any schema; "sales.orders" only in that schema.
    private static bool TableMatches(string wanted, string? schema, string table)
    {
        var dot = wanted.LastIndexOf('.');
        return dot < 0
            ? string.Equals(wanted, table, StringComparison.OrdinalIgnoreCase)
            : string.Equals(wanted[(dot + 1)..], table, StringComparison.OrdinalIgnoreCase)
              && string.Equals(wanted[..dot], schema ?? "public", StringComparison.OrdinalIgnoreCase);
    }
}
