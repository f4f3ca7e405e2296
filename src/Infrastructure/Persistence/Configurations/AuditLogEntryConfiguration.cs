using DqPlatform.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

/// <summary>Created by SQL in the initial migration (monthly partitions); this mirrors its shape for EF.</summary>
public sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> b)
    {
        b.ToTable("audit_log");
        // The seed gives audit_log no primary key (a partitioned table's key must include created_at);
        // (created_at, id) is what makes each row addressable and keyset paging possible.
        b.HasKey(a => new { a.CreatedAt, a.Id });
        b.Property(a => a.Id).UseIdentityAlwaysColumn();
        b.Property(a => a.EntityType).HasMaxLength(50);
        b.Property(a => a.Action).HasMaxLength(20);
        b.Property(a => a.Changes).HasColumnType("jsonb");
        b.Property(a => a.CreatedAt).HasDefaultValueSql("now()");
        b.HasIndex(a => new { a.WorkspaceId, a.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_audit_workspace");
        b.HasIndex(a => new { a.OrganizationId, a.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_audit_organization");
        b.HasIndex(a => new { a.EntityType, a.EntityId, a.CreatedAt }).IsDescending(false, false, true).HasDatabaseName("idx_audit_entity");
    }
}
