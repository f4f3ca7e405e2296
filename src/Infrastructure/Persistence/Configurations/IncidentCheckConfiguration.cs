using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class IncidentCheckConfiguration : IEntityTypeConfiguration<IncidentCheck>
{
    public void Configure(EntityTypeBuilder<IncidentCheck> b)
    {
        b.ToTable("incident_checks");
        b.HasKey(m => new { m.IncidentId, m.CheckId });
        // A passing run finds the incidents its check counted on (IncidentStore.ResolveAfterPassesAsync).
        b.HasIndex(m => m.CheckId).HasDatabaseName("idx_incident_checks_check");
        b.HasOne<Incident>().WithMany().HasForeignKey(m => m.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Domain.Checks.CheckDefinition>().WithMany().HasForeignKey(m => m.CheckId).OnDelete(DeleteBehavior.Cascade);
    }
}
