using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Auditing;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// A sign-in's effect on the people model, in one transaction: the user (by issuer and subject) is created or updated
/// (or an invited user's row is claimed, by verified email); they become a member of the organization the token names;
/// their organization-wide role is the one their groups map to. Only a role the groups gave is replaced or removed: a
/// role a person set stays. An organization that does not exist refuses the sign-in and changes nothing.
/// Concurrent first sign-ins of one person create one user: the unique (issuer, external_id) index decides, and the
/// loser's insert becomes an update of the winner's row. What changed (the user's identity fields, the membership) is
/// audited in the same transaction, in the organization's log, with the user as the actor.
/// </summary>
public sealed class UserProvisioning(IServiceScopeFactory scopes)
{
    /// <summary>The user id of <paramref name="identity"/>; <see cref="UnknownOrganizationException"/> when its organization does not exist.</summary>
    public async Task<Guid> SignInAsync(SignedInIdentity identity, IReadOnlyDictionary<string, string> groupRoles, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var slug = identity.Organization?.Trim();
        var organizationId = slug is { Length: > 0 }
            ? await db.Organizations.AsNoTracking().Where(o => o.Slug == slug).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (organizationId is null)
        {
            throw new UnknownOrganizationException(slug is { Length: > 0 } ? slug : null);
        }

        var role = GroupRoles.RoleFor(identity.Groups, groupRoles);
        // Every statement is an upsert: a repeat after a lost commit answer finds the same rows.
        return await db.InTransactionAsync(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            var before = await FindUserAsync(db, identity, token);
            var userId = await UpsertUserAsync(db, identity, token);
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, token);
            var memberBefore = await FindMemberAsync(db, organizationId.Value, userId, token);
            await JoinAsync(db, organizationId.Value, userId, role, token);
            var member = await FindMemberAsync(db, organizationId.Value, userId, token);
            // A user claiming an invitation takes over its row: an update of the invited user.
            var audit = new[]
            {
                AuditRecords.Of(before?.Id == userId ? before : null, user, userId, null, organizationId, null, userId,
                    nameof(User.Issuer), nameof(User.ExternalId), nameof(User.Email), nameof(User.Name)),
                AuditRecords.Of(memberBefore, member, userId, null, organizationId, null, userId,
                    nameof(OrganizationMember.OrganizationId), nameof(OrganizationMember.UserId), nameof(OrganizationMember.Role), nameof(OrganizationMember.Source)),
            };
            db.AuditLog.AddRange(audit.OfType<Domain.Auditing.AuditLogEntry>());
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            await transaction.CommitAsync(token);
            db.ChangeTracker.Clear();
            return userId;
        }, cancellationToken);
    }

    // The row this sign-in will upsert: the user's own, else the invitation their verified email would claim.
    private static async Task<User?> FindUserAsync(DqDbContext db, SignedInIdentity identity, CancellationToken cancellationToken)
    {
        var own = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Issuer == identity.Issuer && u.ExternalId == identity.Subject, cancellationToken);
        if (own is not null || !identity.EmailVerified || identity.Email is not { Length: > 0 } email)
        {
            return own;
        }

        var invited = email.Trim().ToLowerInvariant();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Issuer == Invitations.Issuer && u.ExternalId == invited, cancellationToken);
    }

    private static Task<OrganizationMember?> FindMemberAsync(DqDbContext db, Guid organizationId, Guid userId, CancellationToken cancellationToken) =>
        db.OrganizationMembers.AsNoTracking().SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, cancellationToken);

    private static async Task<Guid> UpsertUserAsync(DqDbContext db, SignedInIdentity identity, CancellationToken cancellationToken)
    {
        var known = await db.Users.AsNoTracking().AnyAsync(u => u.Issuer == identity.Issuer && u.ExternalId == identity.Subject, cancellationToken);
        if (!known && identity.EmailVerified && identity.Email is { Length: > 0 } email)
        {
            // An invitation is a user row waiting under the invited address; the provider vouching for that address claims it.
            // The row lock makes a second concurrent claim find nothing (and fall through to the upsert below).
            var invited = email.Trim().ToLowerInvariant();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dq.users SET issuer = {identity.Issuer}, external_id = {identity.Subject}, updated_at = now()
                WHERE issuer = {Invitations.Issuer} AND external_id = {invited}
                  AND NOT EXISTS (SELECT 1 FROM dq.users WHERE issuer = {identity.Issuer} AND external_id = {identity.Subject})
                """, cancellationToken);
        }

        var ids = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO dq.users (issuer, external_id, email, name, last_sign_in_at)
            VALUES ({identity.Issuer}, {identity.Subject}, {identity.Email}, {identity.Name}, now())
            ON CONFLICT (issuer, external_id) DO UPDATE
              SET email = COALESCE(excluded.email, dq.users.email), name = COALESCE(excluded.name, dq.users.name),
                  last_sign_in_at = now(), updated_at = now()
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return ids.Single();
    }

    // A role from claims replaces a role from claims (or none); a role a person set is kept. No mapped group removes a claims role.
    private static Task JoinAsync(DqDbContext db, Guid organizationId, Guid userId, string? role, CancellationToken cancellationToken)
    {
        var claims = nameof(MembershipSource.Claims);
        var source = role is null ? nameof(MembershipSource.Manual) : claims;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO dq.organization_members (organization_id, user_id, role, source)
            VALUES ({organizationId}, {userId}, {role}, {source})
            ON CONFLICT (organization_id, user_id) DO UPDATE
              SET role = excluded.role, source = excluded.source, updated_at = now()
            WHERE (dq.organization_members.source = {claims} OR dq.organization_members.role IS NULL)
              AND dq.organization_members.role IS DISTINCT FROM excluded.role
            """, cancellationToken);
    }
}
