using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DqPlatform.Infrastructure.Resilience;

/// <summary>
/// A block with a transaction of its own, retried as a whole by the context's execution strategy
/// (<see cref="PlatformExecutionStrategy"/>): statements inside a transaction cannot be retried one by one, but a
/// transaction that never committed can be run again from its start.
/// </summary>
/// <remarks>
/// A block that saves tracked entities saves with <c>acceptAllChangesOnSuccess: false</c> and accepts them after the
/// commit, so a second attempt saves them again. A commit whose answer was lost is the one case that cannot be told
/// apart; the statements of these blocks are conditional (state guards, concurrency tokens), so a repeat after such
/// a commit changes nothing or answers CONFLICT.
/// </remarks>
public static class DatabaseFacadeResilience
{
    public static Task<T> InTransactionAsync<T>(
        this DbContext db, Func<IDbContextTransaction, CancellationToken, Task<T>> block, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            return await block(transaction, token);
        }, cancellationToken);
}
