using DqPlatform.Domain.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.ToTable("incidents");
        b.Property(i => i.Id).HasDefaultValueSql("gen_random_uuid()");
        // Transitions are conditional on the status they were decided from (UPDATE … WHERE status = <as read>): of two
        // racing moves the second finds the row changed and answers CONFLICT (see Incident.Acknowledge/Resolve).
        b.Property(i => i.Status).HasDefaultValue(IncidentStatus.Open).HasSentinel(IncidentStatus.Open).IsConcurrencyToken();
        b.Property(i => i.FailureCount).HasDefaultValue(1).HasSentinel(1);
        b.Property(i => i.AcknowledgedBy).HasMaxLength(255);
        b.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        b.Property(i => i.UpdatedAt).HasDefaultValueSql("now()");

        b.HasIndex(i => i.CheckId, "idx_incidents_check").HasDatabaseName("idx_incidents_check");
        b.HasIndex(i => i.Status).HasDatabaseName("idx_incidents_status").HasFilter("status <> 'resolved'::dq.incident_status");
        b.Property(i => i.GroupKey).HasMaxLength(400);
        b.Property(i => i.Grouping).HasDefaultValue(IncidentGrouping.Check).HasSentinel(IncidentGrouping.Check);
        b.Property(i => i.MuteReason).HasMaxLength(Mutes.MaxReasonLength);
        // The database, not the application, guarantees one open (or acknowledged) incident per group (IncidentGroups):
        // concurrent failures of one group meet in one row through ON CONFLICT on these indexes. Per check (group key null):
        b.HasIndex(i => i.CheckId, "idx_incidents_open").IsUnique().HasDatabaseName("idx_incidents_open")
            .HasFilter("group_key IS NULL AND status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");
        // Per table, or per connection and category:
        b.HasIndex(i => i.GroupKey, "idx_incidents_open_group").IsUnique().HasDatabaseName("idx_incidents_open_group")
            .HasFilter("status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");
        // Addition: serves the on-call list "active incidents, worst severity first, newest first" without a sort.
        b.HasIndex(i => new { i.Severity, i.FirstSeen }).IsDescending(true, true).HasDatabaseName("idx_incidents_active_by_severity")
            .HasFilter("status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])");
        b.HasOne(i => i.Check).WithMany().HasForeignKey(i => i.CheckId).OnDelete(DeleteBehavior.Cascade);
        // An assignee or muter who is deleted leaves the incident unassigned (or its mute unattributed).
        b.HasOne<Domain.People.User>().WithMany().HasForeignKey(i => i.AssigneeId).OnDelete(DeleteBehavior.SetNull);
    }
}
