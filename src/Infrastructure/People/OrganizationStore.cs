using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;

namespace DqPlatform.Infrastructure.People;

/// <summary>New organizations: the organization, its first workspace and its owner, in one transaction.</summary>
public sealed class OrganizationStore(DqDbContext db)
{
    /// <summary>CONFLICT when the name or the slug is taken.</summary>
    public Task<Organization> CreateAsync(string name, string slug, string workspaceName, Guid ownerId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            var organization = new Organization { Id = Guid.CreateVersion7(), Name = name, Slug = slug };
            db.Organizations.Add(organization);
            // The owner reaches every workspace through the organization-wide role; the first one lets them name a workspace at once.
            db.Workspaces.Add(new Workspace { OrganizationId = organization.Id, Name = workspaceName });
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = organization.Id, UserId = ownerId, Role = Roles.Owner });
            await db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            await transaction.CommitAsync(token);
            db.ChangeTracker.AcceptAllChanges();
            return organization;
        }, cancellationToken);
}
