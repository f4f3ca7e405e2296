using DqPlatform.Domain.Scheduling;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Scheduling;

/// <summary>Schedules of the caller's workspace (firing them is <see cref="Jobs.ScheduleDispatcher"/>'s).</summary>
public sealed class ScheduleStore(WorkspaceData data)
{
    public Task<Schedule?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Schedules.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<bool> CheckExistsAsync(Guid checkId, CancellationToken cancellationToken) =>
        data.Checks.AnyAsync(c => c.Id == checkId, cancellationToken);

    public void Add(Schedule schedule) => data.Db.Schedules.Add(schedule);

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);
}
