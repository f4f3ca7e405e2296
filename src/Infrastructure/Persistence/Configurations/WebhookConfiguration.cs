using DqPlatform.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("webhooks");
        b.Property(w => w.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(w => w.Name).HasMaxLength(255);
        // Encrypted (see TextSecrets), so longer than the 255 characters a secret may have.
        b.Property(w => w.Secret).HasColumnType("text");
        b.Property(w => w.Enabled).HasDefaultValue(true).HasSentinel(true);
        b.Property(w => w.FailureCount).HasDefaultValue(0);
        b.Property(w => w.CreatedAt).HasDefaultValueSql("now()");
        b.Property(w => w.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(w => w.WorkspaceId).HasDatabaseName("idx_webhooks_workspace");
        b.HasIndex(w => new { w.WorkspaceId, w.Enabled }).HasDatabaseName("idx_webhooks_enabled").HasFilter("enabled = true");
        b.HasOne(w => w.Workspace).WithMany(ws => ws.Webhooks).HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
