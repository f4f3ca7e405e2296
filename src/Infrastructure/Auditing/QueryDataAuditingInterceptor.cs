using System.Runtime.CompilerServices;
using DqPlatform.Domain.Auditing;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Auditing;

/// <summary>
/// Audits saved-query changes. The <c>data</c> schema may live in another database than <c>audit_log</c>, so the audit
/// rows are written right after the change commits (not in its transaction); ids and diffs are taken before saving.
/// </summary>
public sealed class QueryDataAuditingInterceptor(IAuditActor actor, IServiceScopeFactory scopes) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<Microsoft.EntityFrameworkCore.DbContext, List<AuditLogEntry>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.AddOrUpdate(context, AuditRecords.From(context.ChangeTracker, actor));
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var records) && records.Count > 0)
        {
            _pending.Remove(context);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
            db.AuditLog.AddRange(records);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
