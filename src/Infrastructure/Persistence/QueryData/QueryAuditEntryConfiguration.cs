using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.QueryData;

public sealed class QueryAuditEntryConfiguration : IEntityTypeConfiguration<QueryAuditEntry>
{
    public void Configure(EntityTypeBuilder<QueryAuditEntry> b)
    {
        b.ToTable("query_audit");
        b.Property(a => a.Id).UseSerialColumn();
        b.Property(a => a.QueryTime).HasDefaultValueSql("now()");
        b.Property(a => a.ColumnsAccessed).HasColumnType("jsonb");
        b.HasIndex(a => new { a.OrgId, a.QueryTime }).IsDescending(false, true).HasDatabaseName("query_audit_org_time_idx");
        b.HasIndex(a => a.QueryResultId).HasDatabaseName("query_audit_query_result_idx");
        b.HasIndex(a => new { a.TaskId, a.QueryTime }).IsDescending(false, true).HasDatabaseName("query_audit_task_time_idx");
    }
}
