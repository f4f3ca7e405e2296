using DqPlatform.Domain.Notifications.Quiet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> b)
    {
        b.ToTable("maintenance_windows", t =>
        {
            // Recurring (cron, zone, duration) or one-off (start, end): exactly one shape, as the domain builds them.
            t.HasCheckConstraint("ck_maintenance_windows_shape",
                "(cron_expression IS NOT NULL AND timezone IS NOT NULL AND duration IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL)"
                + " OR (cron_expression IS NULL AND duration IS NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at)");
        });
        b.Ignore(w => w.IsRecurring);
        b.Property(w => w.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(w => w.Name).HasMaxLength(MaintenanceWindow.MaxNameLength);
        b.Property(w => w.Tag).HasMaxLength(MaintenanceWindow.MaxTagLength);
        b.Property(w => w.CronExpression).HasMaxLength(100);
        b.Property(w => w.Timezone).HasMaxLength(50);
        b.Property(w => w.CreatedAt).HasDefaultValueSql("now()");
        b.HasIndex(w => w.WorkspaceId).HasDatabaseName("idx_maintenance_windows_workspace");
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Domain.Connections.Connection>().WithMany().HasForeignKey(w => w.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
