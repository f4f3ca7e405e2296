using DqPlatform.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.ToTable("jobs");
        b.Property(j => j.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(j => j.Status).HasDefaultValue(JobStatus.Queued).HasSentinel(JobStatus.Queued);
        b.Property(j => j.CreatedAt).HasDefaultValueSql("now()");
        b.Property(j => j.TriggeredBy).HasMaxLength(50).HasDefaultValue(JobTrigger.Api);
        b.Property(j => j.BackgroundJobId).HasMaxLength(100);
        b.HasIndex(j => new { j.CheckId, j.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_jobs_check");
        b.HasIndex(j => j.Status).HasDatabaseName("idx_jobs_status")
            .HasFilter("status = ANY (ARRAY['queued'::dq.job_status, 'running'::dq.job_status])");
        b.HasOne(j => j.Check).WithMany().HasForeignKey(j => j.CheckId).OnDelete(DeleteBehavior.Cascade);
        // Seed 002 declares this reference without ON DELETE: deleting a schedule with jobs is refused.
        b.HasOne(j => j.Schedule).WithMany().HasForeignKey(j => j.ScheduleId).OnDelete(DeleteBehavior.NoAction);
    }
}
