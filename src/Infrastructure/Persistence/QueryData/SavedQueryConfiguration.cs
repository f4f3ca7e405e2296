using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.QueryData;

public sealed class SavedQueryConfiguration : IEntityTypeConfiguration<SavedQuery>
{
    public void Configure(EntityTypeBuilder<SavedQuery> b)
    {
        b.ToTable("saved_queries");
        b.Property(q => q.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(q => q.Visibility).HasDefaultValue(QueryVisibility.Private);
        b.Property(q => q.CreatedAt).HasDefaultValueSql("now()");
        b.Property(q => q.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(q => q.OrgId).HasDatabaseName("idx_saved_queries_org");
        b.HasIndex(q => q.WorkspaceId).HasDatabaseName("idx_saved_queries_workspace");
    }
}
