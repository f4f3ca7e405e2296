using DqPlatform.Domain.Notifications;
using DqPlatform.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannel>
{
    public void Configure(EntityTypeBuilder<NotificationChannel> b)
    {
        b.ToTable("notification_channels");
        b.Property(c => c.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(c => c.Name).HasMaxLength(255);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Target).HasMaxLength(2048);
        b.Property(c => c.Enabled).HasDefaultValue(true).HasSentinel(true);
        b.Property(c => c.ConsecutiveFailures).HasDefaultValue(0);
        b.Property(c => c.LastError).HasMaxLength(1000);
        b.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
        b.Property(c => c.UpdatedAt).HasDefaultValueSql("now()");
        b.Ignore(c => c.Healthy);
        b.HasIndex(c => new { c.WorkspaceId, c.Name }).IsUnique().HasDatabaseName("idx_notification_channels_workspace_name");
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        // A channel that delivers through a webhook goes when the webhook goes.
        b.HasOne<Webhook>().WithMany().HasForeignKey(c => c.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
