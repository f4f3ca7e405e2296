using DqPlatform.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>Keeps the monthly partitions of check_results and audit_log created ahead of time.</summary>
public sealed class PartitionMaintenance(DqDbContext db, IClock clock)
{
    public static readonly IReadOnlyList<string> PartitionedTables = ["check_results", "audit_log"];
    public const int MonthsAhead = 3;

    /// <summary>Creates the current month and the next <see cref="MonthsAhead"/> where missing; returns how many were created.</summary>
    public Task<int> EnsureAheadAsync(CancellationToken cancellationToken) =>
        EnsureAsync(DateOnly.FromDateTime(clock.UtcNow.UtcDateTime), MonthsAhead, cancellationToken);

    public async Task<int> EnsureAsync(DateOnly from, int monthsAhead, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var table in PartitionedTables)
        {
            created += await db.Database
                .SqlQuery<int>($"SELECT dq.ensure_monthly_partitions({table}, {from}, {monthsAhead}) AS \"Value\"")
                .SingleAsync(cancellationToken);
        }

        return created;
    }
}
