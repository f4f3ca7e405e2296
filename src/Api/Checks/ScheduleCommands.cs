using DqPlatform.Domain.Common;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Scheduling;
using DqPlatform.Infrastructure.Tenancy.Quotas;

namespace DqPlatform.Api.Checks;

/// <summary>
/// Scheduling checks: the schedule validates its expression and zone and counts its next run from now; an expression
/// that fires more often than the workspace's interval quota allows is refused (a schedule kept from before a lower
/// quota keeps firing until its expression is changed).
/// </summary>
public sealed class ScheduleCommands(ScheduleStore schedules, WorkspaceQuotas quotas, ICurrentCaller caller, IClock clock)
{
    /// <summary>What a person decides about a schedule; null keeps the current value.</summary>
    public sealed record Changes(string? Cron, string? Timezone, bool? Enabled, bool TimezoneGiven);

    public async Task<Schedule> CreateAsync(Guid? checkId, string shownCheckId, Changes changes, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        if (checkId is not { } id || !await schedules.CheckExistsAsync(id, cancellationToken))
        {
            throw new NotFoundException("CheckDefinition", shownCheckId);
        }

        var schedule = Schedule.Define(id, changes.Cron ?? "", changes.Timezone, changes.Enabled ?? true, clock.UtcNow);
        quotas.For(who.OrganizationId).RequireInterval(schedule.ShortestGap());
        schedules.Add(schedule);
        await schedules.SaveAsync(cancellationToken);
        return schedule;
    }

    public async Task<Schedule> UpdateAsync(Guid? scheduleId, string shownId, Changes changes, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        var schedule = (scheduleId is { } id ? await schedules.FindAsync(id, cancellationToken) : null)
            ?? throw new NotFoundException("Schedule", shownId);
        schedule.Update(changes.Cron ?? schedule.CronExpression, changes.TimezoneGiven ? changes.Timezone : schedule.Timezone,
            changes.Enabled ?? schedule.Enabled, clock.UtcNow);
        if (changes.Cron is not null)
        {
            quotas.For(who.OrganizationId).RequireInterval(schedule.ShortestGap());
        }

        await schedules.SaveAsync(cancellationToken);
        return schedule;
    }
}
