using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// Creates, idempotently, a first organization, workspace and organization-admin API key so a fresh install can be used
/// at once. The key's plaintext is returned only by the call that created it.
/// </summary>
public sealed class TenantBootstrapper(DqDbContext db)
{
    public const string AdminKeyName = "bootstrap-admin";

    public async Task<BootstrapResult> EnsureAsync(string organizationName, string workspaceName, CancellationToken cancellationToken)
    {
        return await db.InTransactionAsync(async (tx, cancellationToken) =>
        {
            // A second attempt starts from what the database holds, not from what the first one added.
            db.ChangeTracker.Clear();
            // Two nodes bootstrapping at once must not mint two admin keys.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('dq.bootstrap'))", cancellationToken);

            var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Name == organizationName, cancellationToken);
            if (organization is null)
            {
                organization = new Organization { Name = organizationName };
                db.Organizations.Add(organization);
                await db.SaveChangesAsync(cancellationToken);
            }

            var workspace = await db.Workspaces.SingleOrDefaultAsync(
                w => w.OrganizationId == organization.Id && w.Name == workspaceName, cancellationToken);
            if (workspace is null)
            {
                workspace = new Workspace { OrganizationId = organization.Id, Name = workspaceName };
                db.Workspaces.Add(workspace);
                await db.SaveChangesAsync(cancellationToken);
            }

            string? plaintext = null;
            if (!await db.ApiKeys.AnyAsync(k => k.WorkspaceId == workspace.Id && k.Name == AdminKeyName, cancellationToken))
            {
                var (key, secret) = ApiKeyGenerator.Create(workspace.Id, AdminKeyName, ApiKeyScopes.All);
                db.ApiKeys.Add(key);
                await db.SaveChangesAsync(cancellationToken);
                plaintext = secret;
            }

            await tx.CommitAsync(cancellationToken);
            return new BootstrapResult(organization.Id, workspace.Id, plaintext);
        }, cancellationToken);
    }
}

public sealed record BootstrapResult(Guid OrganizationId, Guid WorkspaceId, string? NewAdminKey);
