using DqPlatform.Domain.Connections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

/// <summary>Addition to seed 002: the schema cache of seed 004, one row per connection.</summary>
public sealed class SchemaSnapshotConfiguration : IEntityTypeConfiguration<SchemaSnapshot>
{
    public void Configure(EntityTypeBuilder<SchemaSnapshot> b)
    {
        b.ToTable("connection_schemas");
        b.HasKey(s => s.ConnectionId);
        b.Property(s => s.Tables).HasColumnType("jsonb");
        b.HasOne(s => s.Connection).WithOne().HasForeignKey<SchemaSnapshot>(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
