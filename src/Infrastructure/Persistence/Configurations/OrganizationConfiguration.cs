using DqPlatform.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(o => o.Name).HasMaxLength(255);
        b.Property(o => o.CreatedAt).HasDefaultValueSql("now()");
        b.Property(o => o.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(o => o.Slug).HasMaxLength(100);
        b.Property(o => o.Settings).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        b.HasIndex(o => o.Slug).IsUnique().HasDatabaseName("organizations_slug_key");
        b.HasIndex(o => o.Name).IsUnique().HasDatabaseName("idx_organizations_name");
    }
}
