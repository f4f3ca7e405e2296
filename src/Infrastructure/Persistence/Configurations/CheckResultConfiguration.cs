using DqPlatform.Domain.Checks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

/// <summary>
/// The table itself is created by SQL in the initial migration (PARTITION BY RANGE, which EF cannot express);
/// this configuration describes the same shape so queries and the model snapshot agree with it.
/// </summary>
public sealed class CheckResultConfiguration : IEntityTypeConfiguration<CheckResult>
{
    public void Configure(EntityTypeBuilder<CheckResult> b)
    {
        b.ToTable("check_results");
        b.HasKey(r => new { r.ExecutedAt, r.Id });
        b.Property(r => r.Id).UseIdentityAlwaysColumn();
        b.Property(r => r.SensorValue).HasColumnType("numeric");
        b.Property(r => r.ExpectedLower).HasColumnType("numeric");
        b.Property(r => r.ExpectedUpper).HasColumnType("numeric");
        b.Property(r => r.Explanation).HasMaxLength(4000);
        // Covering what a result series aggregates, so a series is an index-only scan of the check's range (43,200
        // results of a one-minute check over 30 days: no heap page read).
        b.HasIndex(r => new { r.CheckId, r.ExecutedAt }, "idx_results_check").IsDescending(false, true).HasDatabaseName("idx_results_check")
            .IncludeProperties(r => new { r.RulePassed, r.SensorValue });
        b.HasIndex(r => new { r.CheckId, r.ExecutedAt }, "idx_results_failed").IsDescending(false, true).HasDatabaseName("idx_results_failed").HasFilter("rule_passed = false");
        b.HasOne(r => r.Check).WithMany().HasForeignKey(r => r.CheckId).OnDelete(DeleteBehavior.Cascade);
    }
}
