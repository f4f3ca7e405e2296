using DqPlatform.Domain.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        b.ToTable("schedules");
        b.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(s => s.CronExpression).HasMaxLength(100);
        b.Property(s => s.Timezone).HasMaxLength(50).HasDefaultValue("UTC");
        b.Property(s => s.Enabled).HasDefaultValue(true).HasSentinel(true);
        b.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        b.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");
        // A UNIQUE constraint in the database (see the initial migration); a unique index to EF so the columns stay editable.
        b.HasIndex(s => s.CheckId, "schedules_check_id_key").IsUnique().HasDatabaseName("schedules_check_id_key");
        b.HasIndex(s => s.NextRunAt).HasDatabaseName("idx_schedules_next_run").HasFilter("enabled = true");
        b.HasOne(s => s.Check).WithMany().HasForeignKey(s => s.CheckId).OnDelete(DeleteBehavior.Cascade);
    }
}
