using DqPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("notification_deliveries");
        b.Property(d => d.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(d => d.Event).HasMaxLength(50);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Error).HasMaxLength(1000);
        b.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        // The log's list: a workspace's attempts newest first, and one channel's.
        b.HasIndex(d => new { d.WorkspaceId, d.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_notification_deliveries_workspace_time");
        b.HasIndex(d => new { d.ChannelId, d.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_notification_deliveries_channel_time");
        // Incidents are soft references: the log outlives a deleted check and its incidents.
        b.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
