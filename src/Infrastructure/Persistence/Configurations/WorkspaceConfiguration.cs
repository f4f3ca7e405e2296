using DqPlatform.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> b)
    {
        b.ToTable("workspaces");
        b.Property(w => w.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(w => w.Name).HasMaxLength(255);
        b.Property(w => w.CreatedAt).HasDefaultValueSql("now()");
        b.Property(w => w.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(w => w.IncidentGrouping).HasDefaultValue(Domain.Incidents.IncidentGrouping.Check).HasSentinel(Domain.Incidents.IncidentGrouping.Check);
        b.Property(w => w.IncidentMinimumSeverity).HasDefaultValue(Domain.Checks.CheckSeverity.Warning).HasSentinel(Domain.Checks.CheckSeverity.Warning);
        // A UNIQUE constraint in the database (see the initial migration); a unique index to EF so the columns stay editable.
        b.HasIndex(w => new { w.OrganizationId, w.Name }, "workspaces_organization_id_name_key").IsUnique().HasDatabaseName("workspaces_organization_id_name_key");
        b.HasIndex(w => w.OrganizationId).HasDatabaseName("idx_workspaces_org");
        b.HasOne(w => w.Organization).WithMany(o => o.Workspaces).HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
