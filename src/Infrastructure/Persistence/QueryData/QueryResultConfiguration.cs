using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.QueryData;

public sealed class QueryResultConfiguration : IEntityTypeConfiguration<QueryResult>
{
    public void Configure(EntityTypeBuilder<QueryResult> b)
    {
        b.ToTable("query_results");
        b.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        b.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(r => new { r.OrgId, r.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_query_results_org_time");
        b.HasIndex(r => new { r.UserId, r.CreatedAt }).IsDescending(false, true).HasDatabaseName("idx_query_results_user_time");
        b.HasIndex(r => r.TaskId).HasDatabaseName("idx_query_results_task");
        // Addition: the workspace's run history, newest first, is the list the graph pages through by keyset.
        b.HasIndex(r => new { r.WorkspaceId, r.CreatedAt, r.Id }).IsDescending(false, true, true).HasDatabaseName("idx_query_results_workspace_time");
        // Addition, for the workspace quotas (QuotaCounts): the batch runs queued or running, and the exports still kept
        // with their sizes, found without reading the workspace's whole run history.
        b.HasIndex(r => r.WorkspaceId, "idx_query_results_workspace_active_batch").HasDatabaseName("idx_query_results_workspace_active_batch")
            .HasFilter("mode = 'batch' AND status IN ('Queued', 'Running')");
        b.HasIndex(r => r.WorkspaceId, "idx_query_results_workspace_kept_exports").HasDatabaseName("idx_query_results_workspace_kept_exports")
            .IncludeProperties(r => r.Bytes)
            .HasFilter("output_location IS NOT NULL");
        // Seed 001 declares the reference without ON DELETE: a saved query with runs cannot be deleted silently.
        b.HasOne(r => r.SavedQuery).WithMany().HasForeignKey(r => r.SavedQueryId).OnDelete(DeleteBehavior.NoAction);
    }
}
