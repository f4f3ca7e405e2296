using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.People;

/// <summary>
/// What a user may do where: the one place a user's memberships become a <see cref="Caller"/>, for a signed-in person
/// and for their personal keys alike. A workspace's scopes are the union of the user's organization-wide role and
/// their role in that workspace. Answers are cached for <see cref="Lifetime"/>, so a removed membership or a changed
/// role takes effect on every node within seconds (and open sockets re-check on the same clock).
/// </summary>
public sealed class UserAccess(IServiceScopeFactory scopes, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The caller for <paramref name="userId"/> acting in <paramref name="workspaceId"/> (or, when none is named, in their
    /// only workspace; with several, in none: organization-level fields only). Null when the user is unknown, belongs
    /// to no organization, or <paramref name="workspaceId"/> is not one of theirs.
    /// </summary>
    public Task<Caller?> CallerAsync(Guid userId, Guid? workspaceId, CancellationToken cancellationToken)
    {
        var key = (nameof(UserAccess), userId, workspaceId);
        var task = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return LoadAsync(userId, workspaceId);
        })!;
        return AwaitRemovingFailureAsync(task, key, cancellationToken);
    }

    /// <summary>Forgets what is cached for a user on this node (after their memberships change here).</summary>
    public void Forget(Guid userId, IEnumerable<Guid?> workspaceIds)
    {
        foreach (var workspaceId in workspaceIds.Append(null))
        {
            cache.Remove((nameof(UserAccess), userId, workspaceId));
        }
    }

    private async Task<Caller?> AwaitRemovingFailureAsync(Task<Caller?> task, object key, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch when (task.IsFaulted)
        {
            cache.Remove(key);
            throw;
        }
    }

    private async Task<Caller?> LoadAsync(Guid userId, Guid? workspaceId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DqDbContext>();
        var organizations = await db.OrganizationMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.OrganizationId, m.Role }).ToListAsync();
        if (organizations.Count == 0)
        {
            return null;
        }

        // Every workspace the user reaches: their memberships, and all of an organization where they hold an organization-wide role.
        var memberOf = organizations.Select(o => o.OrganizationId).ToList();
        var wideIn = organizations.Where(o => o.Role is not null).Select(o => o.OrganizationId).ToList();
        var reachable = await db.Workspaces.AsNoTracking()
            .Where(w => memberOf.Contains(w.OrganizationId)
                && (wideIn.Contains(w.OrganizationId) || db.WorkspaceMembers.Any(m => m.WorkspaceId == w.Id && m.UserId == userId)))
            .Select(w => new { w.Id, w.OrganizationId, Role = db.WorkspaceMembers.Where(m => m.WorkspaceId == w.Id && m.UserId == userId).Select(m => m.Role).FirstOrDefault() })
            .ToListAsync();

        var chosen = workspaceId is { } named ? reachable.FirstOrDefault(w => w.Id == named) : reachable.Count == 1 ? reachable[0] : null;
        if (workspaceId is not null && chosen is null)
        {
            return null;
        }

        var organizationId = chosen?.OrganizationId ?? (organizations.Count == 1 ? organizations[0].OrganizationId : Guid.Empty);
        var organizationRole = organizations.FirstOrDefault(o => o.OrganizationId == organizationId)?.Role;
        var custom = await db.CustomRoles.AsNoTracking().Where(r => r.OrganizationId == organizationId)
            .ToDictionaryAsync(r => r.Slug, r => r.Scopes, StringComparer.Ordinal);

        var roles = new[] { organizationRole, chosen?.Role }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var granted = roles.SelectMany(r => RoleScopes.Of(r, custom)).ToHashSet(StringComparer.Ordinal);
        return new Caller(null, chosen?.Id ?? Guid.Empty, organizationId, granted)
        {
            UserId = userId,
            PrincipalId = userId,
            Roles = roles,
        };
    }
}
