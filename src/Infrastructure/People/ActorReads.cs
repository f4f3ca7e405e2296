using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.People;

/// <summary>
/// Who the actor ids stored beside rows are (<c>incidents.acknowledged_by_id</c>, <c>audit_log.user_id</c> /
/// <c>api_key_id</c>, <c>query_results.user_id</c>, <c>api_keys.created_by_id</c>, a saved query's owner): a user of
/// the caller's organization or a key of the caller's workspace, as an untyped row (<see cref="Domain.People.User"/> or
/// <see cref="ApiKey"/>). An id that is neither (deleted, or another tenant's) is simply absent.
/// </summary>
public sealed class ActorReads(WorkspaceData data)
{
    /// <summary>The actors of <paramref name="ids"/>, each a user id or a key id.</summary>
    public async Task<IReadOnlyDictionary<Guid, object>> ActorsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var found = await UsersAsync(ids, cancellationToken);
        var keys = await data.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.Id)).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            found[key.Id] = key;
        }

        return found;
    }

    /// <summary>
    /// The owners of <paramref name="principals"/> (a caller's <see cref="Caller.PrincipalId"/>): the user for a person
    /// or a personal key; for a service key's principal, which rotation hands from key to key, its newest key.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, object>> PrincipalsAsync(IReadOnlyCollection<Guid> principals, CancellationToken cancellationToken)
    {
        var found = await UsersAsync(principals, cancellationToken);
        var keys = await data.ApiKeys.AsNoTracking().Where(k => principals.Contains(k.PrincipalId) && k.UserId == null)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);
        foreach (var key in keys)
        {
            found.TryAdd(key.PrincipalId, key);
        }

        return found;
    }

    private async Task<Dictionary<Guid, object>> UsersAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        await data.OrganizationUsers.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (object)u, cancellationToken);
}
