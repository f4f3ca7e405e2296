using DqPlatform.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.Property(k => k.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(k => k.Name).HasMaxLength(255);
        b.Property(k => k.KeyPrefix).HasMaxLength(12);
        b.Property(k => k.KeyHash).HasMaxLength(255);
        b.Property(k => k.Scopes).HasDefaultValueSql("'{}'::text[]");
        b.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        b.Property(k => k.PrincipalId).HasColumnName("principal_id");
        b.HasIndex(k => k.UserId).HasDatabaseName("idx_api_keys_user");
        b.HasOne<Domain.People.User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(k => k.WorkspaceId).HasDatabaseName("idx_api_keys_workspace");
        b.HasIndex(k => k.KeyPrefix).HasDatabaseName("idx_api_keys_prefix");
        b.HasOne(k => k.Workspace).WithMany(w => w.ApiKeys).HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
