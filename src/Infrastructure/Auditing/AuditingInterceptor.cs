using System.Text.Json;
using DqPlatform.Domain.Auditing;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DqPlatform.Infrastructure.Auditing;

/// <summary>
/// Writes an <c>audit_log</c> row for every create, update and delete of an audited entity, in the same SaveChanges
/// (and so the same transaction) as the change itself, with <c>{"field": {"old": …, "new": …}}</c> diffs. Every row
/// names its organization; rows of organization-level entities (<see cref="AuditedEntities.IsOrganizationLevel"/>) no workspace.
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
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Of(entry, entry.State, actor) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// The audit row of <paramref name="entry"/> changed as <paramref name="state"/> says (null when its type is not
    /// audited or nothing audited changed); for a change made outside the change tracker, such as a bulk delete.
    /// </summary>
    public static AuditLogEntry? Of(EntityEntry entry, EntityState state, IAuditActor actor)
    {
        var type = AuditedEntities.NameOf(entry.Metadata.ClrType);
        if (type is null)
        {
            return null;
        }

        // A membership has no id of its own: it is the user's, within its workspace or organization.
        var id = entry.Metadata.FindProperty("Id") is not null ? entry.Property("Id") : entry.Property("UserId");
        if (state == EntityState.Added && (id.IsTemporary || id.CurrentValue is Guid g && g == Guid.Empty))
        {
            // The row needs its real id before it is inserted so the audit row can name it: EF's temporary key
            // (for ids the database would default) is replaced by one the row is then stored with.
            id.CurrentValue = Guid.CreateVersion7();
            id.IsTemporary = false;
        }

        var changes = Diff(entry, state);
        if (state == EntityState.Modified && changes.Count == 0)
        {
            return null;
        }

        var organizationLevel = AuditedEntities.IsOrganizationLevel(entry.Metadata.ClrType);
        return new AuditLogEntry
        {
            WorkspaceId = organizationLevel ? null : WorkspaceOf(entry) ?? Known(actor.WorkspaceId),
            OrganizationId = OrganizationOf(entry) ?? Known(actor.OrganizationId),
            EntityType = type,
            EntityId = (Guid)id.CurrentValue!,
            Action = state switch { EntityState.Added => AuditActions.Create, EntityState.Deleted => AuditActions.Delete, _ => AuditActions.Update },
            ApiKeyId = actor.ApiKeyId,
            UserId = actor.UserId,
            Changes = JsonSerializer.Serialize(changes),
        };
    }

    /// <summary>
    /// An audit row for a change made in SQL (no tracked entity): the fields of <paramref name="before"/> and
    /// <paramref name="after"/> (null: created, or deleted) named in <paramref name="fields"/> that differ.
    /// Null for an update that changed none of them.
    /// </summary>
    public static AuditLogEntry? Of<T>(T? before, T? after, Guid entityId, Guid? workspaceId, Guid? organizationId,
        Guid? apiKeyId, Guid? userId, params string[] fields) where T : class
    {
        var changes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var property = typeof(T).GetProperty(field) ?? throw new ArgumentException($"{typeof(T).Name} has no {field}.", nameof(fields));
            var old = before is null ? null : property.GetValue(before);
            var @new = after is null ? null : property.GetValue(after);
            if (before is not null && after is not null && Equal(old, @new))
            {
                continue;
            }

            changes[JsonNamingPolicy.CamelCase.ConvertName(field)] = new { old = AuditedEntities.Display(field, old), @new = AuditedEntities.Display(field, @new) };
        }

        if (changes.Count == 0)
        {
            return null;
        }

        return new AuditLogEntry
        {
            WorkspaceId = workspaceId,
            OrganizationId = organizationId,
            EntityType = AuditedEntities.NameOf(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not audited."),
            EntityId = entityId,
            Action = before is null ? AuditActions.Create : after is null ? AuditActions.Delete : AuditActions.Update,
            ApiKeyId = apiKeyId,
            UserId = userId,
            Changes = JsonSerializer.Serialize(changes),
        };
    }

    private static Dictionary<string, object> Diff(EntityEntry entry, EntityState state)
    {
        var changes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == "Id" || AuditedEntities.IsIgnored(name))
            {
                continue;
            }

            object? before = state == EntityState.Added ? null : property.OriginalValue;
            object? after = state == EntityState.Deleted ? null : property.CurrentValue;
            if (state == EntityState.Modified && (!property.IsModified || Equal(before, after)))
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
        entry.Entity is Domain.Tenancy.Workspace w ? w.Id
        : entry.Metadata.FindProperty("WorkspaceId") is not null ? entry.Property("WorkspaceId").CurrentValue as Guid? : null;

    private static Guid? OrganizationOf(EntityEntry entry) =>
        entry.Entity is Domain.Tenancy.Organization o ? o.Id
        : entry.Metadata.FindProperty("OrganizationId") is not null ? entry.Property("OrganizationId").CurrentValue as Guid? : null;

    // A caller acting at the organization level has no workspace (an empty id).
    private static Guid? Known(Guid? id) => id is { } known && known != Guid.Empty ? known : null;
}
