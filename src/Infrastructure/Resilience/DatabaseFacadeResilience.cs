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
/// commit, so a second attempt saves them again. A commit whose answer was lost (the connection broke after the
/// server committed) cannot be told apart from one that never happened; a block whose repeat would then answer
/// wrongly (a unique violation, CONFLICT, "cancelled") passes <c>alreadyDone</c>: before every attempt after the
/// first it looks whether the work is already stored and, when it is (<see cref="ExecutionResult{T}.IsSuccessful"/>),
/// that answer is returned instead of running the block again. The other blocks' statements are conditional (state
/// guards), so a repeat after such a commit changes nothing.
/// </remarks>
public static class DatabaseFacadeResilience
{
    public static Task<T> InTransactionAsync<T>(
        this DbContext db,
        Func<IDbContextTransaction, CancellationToken, Task<T>> block,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task<ExecutionResult<T>>>? alreadyDone = null)
    {
        var attempts = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (attempts++ > 0 && alreadyDone is not null && await alreadyDone(token) is { IsSuccessful: true } done)
            {
                return done.Result;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(token);
            return await block(transaction, token);
        }, cancellationToken);
    }

    /// <summary>What <c>alreadyDone</c> answers when the work is not stored yet: run the block.</summary>
    public static ExecutionResult<T> NotDone<T>() => new(false, default!);
}
