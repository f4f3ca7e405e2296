using DqPlatform.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>Saving where the database has the last word: its constraint and concurrency errors become CONFLICT.</summary>
public static class SaveChanges
{
    /// <param name="acceptAllChangesOnSuccess">False inside a transaction that may be retried: accept after the commit.</param>
    public static async Task SaveOrConflictAsync(this DbContext db, CancellationToken cancellationToken, bool acceptAllChangesOnSuccess = true)
    {
        try
        {
            await db.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The object was changed by someone else meanwhile; read it again and retry.");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            throw new ConflictException($"That name is already taken ({pg.ConstraintName}).");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            throw new ConflictException("The object is still referenced and cannot be changed this way.");
        }
    }
}
