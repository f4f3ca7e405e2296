using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>Adding a workspace's channels and maintenance windows within <see cref="NotificationLimits"/>, atomically.</summary>
public static class NotificationStore
{
    /// <summary>
    /// Adds <paramref name="row"/> when the workspace holds fewer than <paramref name="limit"/> of its kind, counted under
    /// the workspace row's lock so concurrent creates cannot pass the limit together; QUOTA_EXCEEDED otherwise.
    /// </summary>
    public static Task AddWithinLimitAsync<T>(WorkspaceData data, IQueryable<T> existing, T row, string what, int limit, CancellationToken cancellationToken)
        where T : class =>
        data.Db.InTransactionAsync(async (transaction, token) =>
        {
            var workspace = data.WorkspaceId;
            await data.Db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM dq.workspaces WHERE id = {workspace} FOR UPDATE", token);
            NotificationLimits.RequireRoom(what, await existing.CountAsync(token), limit);
            data.Db.Add(row);
            await data.Db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            data.Db.ChangeTracker.AcceptAllChanges();
            return true;
        }, cancellationToken);
}
