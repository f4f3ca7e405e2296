using DqPlatform.Domain.Connections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

/// <summary>Schema readings of a connection kept as history (schema drift checks read them).</summary>
public sealed class SchemaSnapshotHistoryConfiguration : IEntityTypeConfiguration<SchemaSnapshotHistory>
{
    public void Configure(EntityTypeBuilder<SchemaSnapshotHistory> b)
    {
        b.ToTable("schema_snapshot_history");
        b.Property(s => s.ContentHash).HasMaxLength(64);
        b.Property(s => s.Tables).HasColumnType("jsonb");
        // Newest first per connection: the latest reading, the one as of a check's previous run, and retention.
        b.HasIndex(s => new { s.ConnectionId, s.ReadAt, s.Id }).HasDatabaseName("idx_schema_history_connection_read").IsDescending(false, true, true);
        b.HasOne(s => s.Connection).WithMany().HasForeignKey(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
