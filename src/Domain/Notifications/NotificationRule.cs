using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;

namespace DqPlatform.Domain.Notifications;

/// <summary>
/// One routing rule of a workspace: which incident changes it matches and the channels they go to. An empty list
/// matches anything; a non-empty one matches any of its values. Rules are evaluated in <see cref="Position"/> order
/// (<see cref="NotificationRouting"/>).
/// </summary>
public class NotificationRule
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }
    public int Position { get; set; }
    public bool Enabled { get; set; } = true;
    public IncidentChangeKind[] Events { get; set; } = [];
    public CheckSeverity? MinSeverity { get; set; }
    public Guid[] ConnectionIds { get; set; } = [];

    /// <summary>Table names, as checks name them (<c>orders</c>) or schema-qualified (<c>public.orders</c>); case-insensitive.</summary>
    public string[] Tables { get; set; } = [];

    /// <summary>Check tags; the rule matches a check carrying any of them.</summary>
    public string[] Tags { get; set; } = [];
    public string[] CheckTypes { get; set; } = [];
    public Guid[] ChannelIds { get; set; } = [];

    /// <summary>A matching change is not offered to the rules after this one.</summary>
    public bool StopHere { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Sets what the rule matches and where it sends, after validating all of it.</summary>
    public void Define(NotificationRuleSpec spec)
    {
        var name = Names.Require(spec.Name);
        if (spec.ChannelIds.Length is 0 or > 20)
        {
            throw new ValidationException("'channelIds' must name 1 to 20 notification channels.", "channelIds");
        }

        foreach (var (field, count) in new[] { ("connectionIds", spec.ConnectionIds.Length), ("tables", spec.Tables.Length), ("tags", spec.Tags.Length), ("checkTypes", spec.CheckTypes.Length) })
        {
            if (count > NotificationLimits.MaxCriterionEntries)
            {
                throw new ValidationException($"'{field}' may list at most {NotificationLimits.MaxCriterionEntries} entries.", field);
            }
        }

        if (spec.Tables.Concat(spec.Tags).Concat(spec.CheckTypes).Any(v => v.Trim().Length is 0 or > 255))
        {
            throw new ValidationException("Tables, tags and check types must be 1 to 255 characters.", "tables");
        }

        foreach (var type in spec.CheckTypes)
        {
            CheckCatalog.Get(type);
        }

        Name = name;
        Enabled = spec.Enabled;
        Events = [.. spec.Events.Distinct()];
        MinSeverity = spec.MinSeverity;
        ConnectionIds = [.. spec.ConnectionIds.Distinct()];
        Tables = [.. spec.Tables.Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        Tags = [.. spec.Tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)];
        CheckTypes = [.. spec.CheckTypes.Select(t => CheckCatalog.Get(t).Name).Distinct(StringComparer.Ordinal)];
        ChannelIds = [.. spec.ChannelIds.Distinct()];
        StopHere = spec.StopHere;
    }

    /// <summary>What the rule is now, to change part of it.</summary>
    public NotificationRuleSpec Spec => new(Name, Enabled, Events, MinSeverity, ConnectionIds, Tables, Tags, CheckTypes, ChannelIds, StopHere);
}

public sealed record NotificationRuleSpec(
    string Name, bool Enabled, IncidentChangeKind[] Events, CheckSeverity? MinSeverity, Guid[] ConnectionIds, string[] Tables, string[] Tags,
    string[] CheckTypes, Guid[] ChannelIds, bool StopHere);
