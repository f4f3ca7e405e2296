using DqPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class NotificationRuleConfiguration : IEntityTypeConfiguration<NotificationRule>
{
    public void Configure(EntityTypeBuilder<NotificationRule> b)
    {
        b.ToTable("notification_rules");
        b.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(r => r.Name).HasMaxLength(255);
        b.Property(r => r.Enabled).HasDefaultValue(true).HasSentinel(true);
        b.PrimitiveCollection(r => r.Events).ElementType().HasConversion<string>();
        b.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        b.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
        // Channel ids are an array, not a join table: routing reads a workspace's rules in one statement; a deleted
        // channel is removed from the arrays by the store that deletes it.
        b.HasIndex(r => new { r.WorkspaceId, r.Position }).HasDatabaseName("idx_notification_rules_workspace_position");
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
