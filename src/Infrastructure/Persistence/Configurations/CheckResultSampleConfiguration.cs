using DqPlatform.Domain.Checks.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

/// <summary>
/// Failed-row samples, one row per failing result. No foreign key into the partitioned <c>check_results</c> (its key
/// includes the partition column and partitions are maintained apart); the check's key cascades, and the retention job
/// deletes by <c>executed_at</c>.
/// </summary>
public sealed class CheckResultSampleConfiguration : IEntityTypeConfiguration<CheckResultSample>
{
    public void Configure(EntityTypeBuilder<CheckResultSample> b)
    {
        b.ToTable("check_result_samples");
        b.HasKey(s => s.ResultId);
        b.Property(s => s.ResultId).ValueGeneratedNever();
        b.HasIndex(s => s.ExecutedAt).HasDatabaseName("idx_result_samples_executed");
        b.HasIndex(s => s.CheckId).HasDatabaseName("idx_result_samples_check");
        b.HasOne(s => s.Check).WithMany().HasForeignKey(s => s.CheckId).OnDelete(DeleteBehavior.Cascade);
    }
}
