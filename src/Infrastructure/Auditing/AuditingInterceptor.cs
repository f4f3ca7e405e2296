using System.Text.Json;
using DqPlatform.Domain.Auditing;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DqPlatform.Infrastructure.Auditing;

/// <summary>
/// Writes an <c>audit_log</c> row for every create, update and delete of an audited entity, in the same SaveChanges
/// (and so the same transaction) as the change itself, with <c>{"field": {"old": …, "new": …}}</c> diffs.
/// </summary>
public sealed class AuditingInterceptor(IAuditActor actor) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is DqDbContext db)
        {
            foreach (var entry in AuditRecords.From(db.ChangeTracker, actor))
            {
                db.AuditLog.Add(entry);
            }
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

/// <summary>Turns tracked changes into audit rows (shared by both contexts).</summary>
public static class AuditRecords
{
    public static List<AuditLogEntry> From(ChangeTracker tracker, IAuditActor actor)
    {
        var records = new List<AuditLogEntry>();
        foreach (var entry in tracker.Entries().ToList())
        {
            var type = AuditedEntities.NameOf(entry.Metadata.ClrType);
            if (type is null || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var id = entry.Property("Id");
            if (entry.State == EntityState.Added && (id.IsTemporary || id.CurrentValue is Guid g && g == Guid.Empty))
            {
                // The row needs its real id before it is inserted so the audit row can name it: EF's temporary key
                // (for ids the database would default) is replaced by one the row is then stored with.
                id.CurrentValue = Guid.CreateVersion7();
                id.IsTemporary = false;
            }

            var changes = Diff(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                continue;
            }

            records.Add(new AuditLogEntry
            {
                WorkspaceId = WorkspaceOf(entry) ?? actor.WorkspaceId ?? Guid.Empty,
                EntityType = type,
                EntityId = (Guid)id.CurrentValue!,
                Action = entry.State switch { EntityState.Added => AuditActions.Create, EntityState.Deleted => AuditActions.Delete, _ => AuditActions.Update },
                ApiKeyId = actor.ApiKeyId,
                UserId = actor.UserId,
                Changes = JsonSerializer.Serialize(changes),
            });
        }

        return records;
    }

    private static Dictionary<string, object> Diff(EntityEntry entry)
    {
        var changes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == "Id" || AuditedEntities.IsIgnored(name))
            {
                continue;
            }

            object? before = entry.State == EntityState.Added ? null : property.OriginalValue;
            object? after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && (!property.IsModified || Equal(before, after)))
            {
                continue;
            }

            var key = JsonNamingPolicy.CamelCase.ConvertName(name);
            changes[key] = new { old = AuditedEntities.Display(name, before), @new = AuditedEntities.Display(name, after) };
        }

        return changes;
    }

    private static bool Equal(object? a, object? b) => a switch
    {
        byte[] x => b is byte[] y && x.AsSpan().SequenceEqual(y),
        string[] x => b is string[] y && x.SequenceEqual(y),
        _ => Equals(a, b),
    };

    private static Guid? WorkspaceOf(EntityEntry entry) =>
        entry.Metadata.FindProperty("WorkspaceId") is not null ? entry.Property("WorkspaceId").CurrentValue as Guid? : null;
}
