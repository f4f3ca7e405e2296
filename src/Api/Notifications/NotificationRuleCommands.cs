using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Notifications;

/// <summary>Routing rules: defining them and their order. Taking <c>write</c>, as channels do.</summary>
public sealed class NotificationRuleCommands(WorkspaceData data, ICurrentCaller caller, IClock clock)
{
    /// <summary>What a person sets; null keeps the current value (<see cref="MinSeverityGiven"/> tells a null severity from an absent one).</summary>
    public sealed record Changes(
        string? Name, bool? Enabled, IncidentChangeKind[]? Events, bool MinSeverityGiven, CheckSeverity? MinSeverity, Guid[]? ConnectionIds, string[]? Tables,
        string[]? Tags, string[]? CheckTypes, Guid[]? ChannelIds, bool? StopHere, int? Position);

    public async Task<NotificationRule> CreateAsync(Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var rule = new NotificationRule { WorkspaceId = data.WorkspaceId, Name = "" };
        await DefineAsync(rule, Apply(new NotificationRuleSpec("", true, [], null, [], [], [], [], [], false), changes), cancellationToken);
        rule.Position = int.MaxValue;
        data.Db.NotificationRules.Add(rule);
        await SaveInOrderAsync(rule, changes.Position, cancellationToken);
        return rule;
    }

    public async Task<NotificationRule> UpdateAsync(Guid? id, string shownId, Changes changes, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var rule = (id is { } known ? await data.NotificationRules.SingleOrDefaultAsync(r => r.Id == known, cancellationToken) : null)
            ?? throw new NotFoundException("NotificationRule", shownId);
        await DefineAsync(rule, Apply(rule.Spec, changes), cancellationToken);
        rule.UpdatedAt = clock.UtcNow;
        await SaveInOrderAsync(rule, changes.Position, cancellationToken);
        return rule;
    }

    private static NotificationRuleSpec Apply(NotificationRuleSpec spec, Changes c) => new(
        c.Name ?? spec.Name, c.Enabled ?? spec.Enabled, c.Events ?? spec.Events, c.MinSeverityGiven ? c.MinSeverity : spec.MinSeverity,
        c.ConnectionIds ?? spec.ConnectionIds, c.Tables ?? spec.Tables, c.Tags ?? spec.Tags, c.CheckTypes ?? spec.CheckTypes, c.ChannelIds ?? spec.ChannelIds,
        c.StopHere ?? spec.StopHere);

    // Channels and connections are the workspace's own: another tenant's id is refused like an unknown one.
    private async Task DefineAsync(NotificationRule rule, NotificationRuleSpec spec, CancellationToken cancellationToken)
    {
        rule.Define(spec);
        var channels = await data.NotificationChannels.CountAsync(c => rule.ChannelIds.Contains(c.Id), cancellationToken);
        if (channels != rule.ChannelIds.Length)
        {
            throw new ValidationException("'channelIds' names a notification channel that does not exist in this workspace.", "channelIds");
        }

        var connections = await data.Connections.CountAsync(c => rule.ConnectionIds.Contains(c.Id), cancellationToken);
        if (connections != rule.ConnectionIds.Length)
        {
            throw new ValidationException("'connectionIds' names a connection that does not exist in this workspace.", "connectionIds");
        }
    }

    /// <summary>
    /// Saves the rule at <paramref name="position"/> (kept where it is when null; a new rule goes last) and renumbers the
    /// workspace's rules 0…n-1, under a lock on the workspace row so concurrent reorders apply one after the other.
    /// </summary>
    private Task SaveInOrderAsync(NotificationRule rule, int? position, CancellationToken cancellationToken) =>
        data.Db.InTransactionAsync(async (transaction, token) =>
        {
            var workspace = rule.WorkspaceId;
            await data.Db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dq.workspaces WHERE id = {workspace} FOR UPDATE", token);
            var others = await data.Db.NotificationRules.Where(r => r.WorkspaceId == workspace && r.Id != rule.Id)
                .OrderBy(r => r.Position).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(token);
            if (rule.Position == int.MaxValue)
            {
                // A new rule, counted under the workspace's lock so concurrent creates cannot pass the limit together.
                NotificationLimits.RequireRoom("notification rules", others.Count, NotificationLimits.MaxRules);
            }

            var at = Math.Clamp(position ?? (rule.Position == int.MaxValue ? others.Count : others.Count(o => o.Position < rule.Position)), 0, others.Count);
            others.Insert(at, rule);
            for (var i = 0; i < others.Count; i++)
            {
                others[i].Position = i;
            }

            await data.Db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            data.Db.ChangeTracker.AcceptAllChanges();
            return true;
        }, cancellationToken);
}
