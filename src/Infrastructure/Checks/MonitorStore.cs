using DqPlatform.Domain.Auditing;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// Creates the monitors of <see cref="TableMonitors"/> for many tables at once, all or nothing: in one transaction,
/// under the workspace's check-quota lock (<see cref="WorkspaceQuotaGuard"/>), it looks the monitors up by their
/// names, refuses with QUOTA_EXCEEDED if the missing ones do not all fit, and inserts the missing checks with their
/// schedules in batched statements. Two calls racing queue on the lock, so the second finds the first's checks and
/// creates nothing; the unique (connection, name) key backs that up.
/// </summary>
public sealed class MonitorStore(DqDbContext db, WorkspaceQuotas quotas)
{
    public sealed record Outcome(IReadOnlyList<CheckDefinition> Checks, int Created, int Existing);

    public async Task<Outcome> EnsureAsync(
        Guid organizationId, Guid workspaceId, Guid connectionId, IReadOnlyList<CheckSpec> specs, string cron, string? timezone, DateTimeOffset now,
        bool dueNow, CancellationToken cancellationToken)
    {
        var quota = quotas.For(organizationId);
        // Every spec and the schedule are validated before anything is stored.
        foreach (var spec in specs)
        {
            _ = CheckDefinition.Define(connectionId, spec);
        }

        quota.RequireInterval(Schedule.Define(Guid.Empty, cron, timezone, enabled: true, now).ShortestGap());
        var outcome = await db.InTransactionAsync(async (transaction, token) =>
        {
            ForgetEarlierAttempt();
            await WorkspaceQuotaGuard.LockAsync(db, QuotaKind.CheckDefinitions, workspaceId, token);
            var names = specs.Select(s => s.Name).ToList();
            var existing = await db.CheckDefinitions.AsNoTracking()
                .Where(c => c.ConnectionId == connectionId && names.Contains(c.Name)).ToListAsync(token);
            var existingIds = existing.Select(c => c.Id).ToList();
            var scheduled = (await db.Schedules.AsNoTracking().Where(s => existingIds.Contains(s.CheckId)).Select(s => s.CheckId).ToListAsync(token)).ToHashSet();
            var known = existing.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var missing = specs.Where(s => !known.Contains(s.Name)).ToList();
            quota.RequireRoomFor(QuotaKind.CheckDefinitions, await QuotaCounts.CheckDefinitionsAsync(db, workspaceId, token), missing.Count);

            var created = missing.Select(spec => CheckDefinition.Define(connectionId, spec)).ToList();
            db.CheckDefinitions.AddRange(created);
            foreach (var check in created)
            {
                db.Schedules.Add(ScheduleOf(check.Id, check));
            }

            // A monitor whose schedule was deleted gets it back; its check stays as the person left it.
            foreach (var check in existing.Where(c => !scheduled.Contains(c.Id)))
            {
                db.Schedules.Add(ScheduleOf(check.Id, null));
            }

            await db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            var byName = existing.Concat(created).ToDictionary(c => c.Name, StringComparer.Ordinal);
            return new Outcome([.. specs.Select(s => byName[s.Name])], created.Count, existing.Count);
        }, cancellationToken);
        db.ChangeTracker.AcceptAllChanges();
        return outcome;

        Schedule ScheduleOf(Guid checkId, CheckDefinition? check)
        {
            var schedule = Schedule.Define(checkId, cron, timezone, enabled: true, now);
            schedule.Check = check;
            if (dueNow)
            {
                schedule.DueNow(now);
            }

            return schedule;
        }
    }

    // A retried transaction starts from nothing: what an attempt that failed added is still tracked.
    private void ForgetEarlierAttempt()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added
            && e.Entity is CheckDefinition or Schedule or AuditLogEntry).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
