using DqPlatform.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DqPlatform.Infrastructure.Persistence.Configurations;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(u => u.Issuer).HasMaxLength(1000);
        b.Property(u => u.ExternalId).HasMaxLength(255);
        b.Property(u => u.Email).HasMaxLength(320);
        b.Property(u => u.Name).HasMaxLength(255);
        b.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        b.Property(u => u.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(u => new { u.Issuer, u.ExternalId }).IsUnique().HasDatabaseName("users_issuer_external_id_key");
    }
}

public sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("organization_members");
        b.HasKey(m => new { m.OrganizationId, m.UserId });
        b.Property(m => m.Role).HasMaxLength(64);
        b.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        b.Property(m => m.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(m => m.UserId).HasDatabaseName("idx_organization_members_user");
        b.HasOne<Domain.Tenancy.Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class WorkspaceMemberConfiguration : IEntityTypeConfiguration<WorkspaceMember>
{
    public void Configure(EntityTypeBuilder<WorkspaceMember> b)
    {
        b.ToTable("workspace_members");
        b.HasKey(m => new { m.WorkspaceId, m.UserId });
        b.Property(m => m.Role).HasMaxLength(64);
        b.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        b.Property(m => m.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(m => m.UserId).HasDatabaseName("idx_workspace_members_user");
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CustomRoleConfiguration : IEntityTypeConfiguration<CustomRole>
{
    public void Configure(EntityTypeBuilder<CustomRole> b)
    {
        b.ToTable("org_roles");
        b.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(r => r.Slug).HasMaxLength(64);
        b.Property(r => r.Name).HasMaxLength(255);
        b.Property(r => r.Scopes).HasDefaultValueSql("'{}'::text[]");
        b.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        b.Property(r => r.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(r => new { r.OrganizationId, r.Slug }).IsUnique().HasDatabaseName("org_roles_organization_id_slug_key");
        b.HasOne<Domain.Tenancy.Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        b.ToTable("datasets");
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.SchemaName).HasMaxLength(255);
        b.Property(d => d.TableName).HasMaxLength(255);
        b.Property(d => d.Name).HasMaxLength(255);
        b.Property(d => d.ReadRoles).HasDefaultValueSql("'{}'::text[]");
        b.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        b.Property(d => d.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(d => new { d.ConnectionId, d.SchemaName, d.TableName }).IsUnique().HasDatabaseName("datasets_connection_table_key");
        b.HasIndex(d => d.WorkspaceId).HasDatabaseName("idx_datasets_workspace");
        b.HasOne<Domain.Tenancy.Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Domain.Connections.Connection>().WithMany().HasForeignKey(d => d.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
