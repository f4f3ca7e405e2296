using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Auditing;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Identity;

/// <summary>
/// A sign-in's effect on the people model, in one transaction: the user (by issuer and subject) is created or updated
/// (or an invited user's row is claimed, by verified email, when the invitation is into one of the provider's
/// organizations); they become a member of the organization the token names, if the provider may sign people into it;
/// their organization-wide role is the one their groups map to. Only a role the groups gave is replaced or removed: a
/// role a person set stays. An organization that does not exist refuses the sign-in and changes nothing.
/// Concurrent first sign-ins of one person create one user: the unique (issuer, external_id) index decides, and the
/// loser's insert becomes an update of the winner's row. What changed (the user's identity fields, the membership) is
/// audited in the same transaction, in the organization's log, with the user as the actor.
/// </summary>
public sealed class UserProvisioning(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The user id of <paramref name="identity"/>; <see cref="UnknownOrganizationException"/> when its organization does
    /// not exist or is not one of <paramref name="provider"/>'s <see cref="IdentityProviderOptions.Organizations"/>.
    /// </summary>
    public async Task<Guid> SignInAsync(SignedInIdentity identity, IdentityProviderOptions provider, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var slug = identity.Organization?.Trim();
        // A provider is trusted only for the organizations the operator listed for it: naming another is refused
        // exactly like naming one that does not exist (same code and message, no look-up).
        var organizationId = slug is { Length: > 0 } && provider.Allows(slug)
            ? await db.Organizations.AsNoTracking().Where(o => o.Slug == slug).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (organizationId is null)
        {
            throw new UnknownOrganizationException(slug is { Length: > 0 } ? slug : null);
        }

        var role = GroupRoles.RoleFor(identity.Groups, provider.GroupRoles);
        string[] allowed = [.. provider.Organizations.Select(o => o.Trim())];
        // Every statement is an upsert: a repeat after a lost commit answer finds the same rows.
        return await db.InTransactionAsync(async (transaction, token) =>
        {
            db.ChangeTracker.Clear();
            var before = await FindUserAsync(db, identity, token);
            var userId = await UpsertUserAsync(db, identity, allowed, token);
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

    private static async Task<Guid> UpsertUserAsync(DqDbContext db, SignedInIdentity identity, string[] allowed, CancellationToken cancellationToken)
    {
        var known = await db.Users.AsNoTracking().AnyAsync(u => u.Issuer == identity.Issuer && u.ExternalId == identity.Subject, cancellationToken);
        if (!known && identity.EmailVerified && identity.Email is { Length: > 0 } email)
        {
            // An invitation is a user row waiting under the invited address; the provider vouching for that address claims it,
            // but only when the invitation is into an organization that provider is trusted for (its Organizations): a
            // provider listed for one organization cannot take over another's invitations.
            // The row lock makes a second concurrent claim find nothing (and fall through to the upsert below).
            var invited = email.Trim().ToLowerInvariant();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE dq.users u SET issuer = {identity.Issuer}, external_id = {identity.Subject}, updated_at = now()
                WHERE u.issuer = {Invitations.Issuer} AND u.external_id = {invited}
                  AND NOT EXISTS (SELECT 1 FROM dq.users WHERE issuer = {identity.Issuer} AND external_id = {identity.Subject})
                  AND (EXISTS (SELECT 1 FROM dq.organization_members m JOIN dq.organizations o ON o.id = m.organization_id
                               WHERE m.user_id = u.id AND o.slug = ANY({allowed}))
                    OR EXISTS (SELECT 1 FROM dq.workspace_members wm JOIN dq.workspaces w ON w.id = wm.workspace_id
                               JOIN dq.organizations o ON o.id = w.organization_id
                               WHERE wm.user_id = u.id AND o.slug = ANY({allowed})))
                """, cancellationToken);
        }

        // Only an address the provider vouches for is stored: invitations match people by users.email, so an unverified
        // one (anyone can type any address at many providers) must never be there.
        var verifiedEmail = identity.EmailVerified ? identity.Email : null;
        var ids = await db.Database.SqlQuery<Guid>($"""
            INSERT INTO dq.users (issuer, external_id, email, name, last_sign_in_at)
            VALUES ({identity.Issuer}, {identity.Subject}, {verifiedEmail}, {identity.Name}, now())
            ON CONFLICT (issuer, external_id) DO UPDATE
              SET email = COALESCE(excluded.email, dq.users.email), name = COALESCE(excluded.name, dq.users.name),
                  last_sign_in_at = now(), updated_at = now()
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return ids.Single();
    }

    // Only a membership whose role came from claims (Source Claims) is changed by groups: a role a person set, cleared
    // ones included (setOrganizationRole(null) makes the source Manual), is kept. No mapped group removes a claims role.
    // A membership a sign-in creates is Source Claims, with or without a role.
    private static Task JoinAsync(DqDbContext db, Guid organizationId, Guid userId, string? role, CancellationToken cancellationToken)
    {
        var claims = nameof(MembershipSource.Claims);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO dq.organization_members (organization_id, user_id, role, source)
            VALUES ({organizationId}, {userId}, {role}, {claims})
            ON CONFLICT (organization_id, user_id) DO UPDATE
              SET role = excluded.role, updated_at = now()
            WHERE dq.organization_members.source = {claims}
              AND dq.organization_members.role IS DISTINCT FROM excluded.role
            """, cancellationToken);
    }
}
