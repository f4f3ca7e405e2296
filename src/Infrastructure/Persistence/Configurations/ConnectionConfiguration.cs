using DqPlatform.Domain.Connections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> b)
    {
        b.ToTable("connections");
        b.Property(c => c.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(c => c.Name).HasMaxLength(255);
        b.Property(c => c.Status).HasDefaultValue(ConnectionStatus.Unknown).HasSentinel(ConnectionStatus.Unknown);
        b.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
        b.Property(c => c.UpdatedAt).HasDefaultValueSql("now()");
        // A UNIQUE constraint in the database (see the initial migration); a unique index to EF so the columns stay editable.
        b.HasIndex(c => new { c.WorkspaceId, c.Name }, "connections_workspace_id_name_key").IsUnique().HasDatabaseName("connections_workspace_id_name_key");
        b.HasIndex(c => c.WorkspaceId).HasDatabaseName("idx_connections_workspace");
        b.HasIndex(c => c.Type).HasDatabaseName("idx_connections_type");
        b.HasOne(c => c.Workspace).WithMany(w => w.Connections).HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
