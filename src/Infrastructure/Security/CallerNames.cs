using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Security;

/// <summary>
/// How a caller is named in what it leaves behind (an incident's notes and <c>acknowledgedByName</c>): its actor, a
/// user by name and email (also when they call with a personal key), a service key by its name and prefix
/// (see <see cref="ActorNames"/>).
/// </summary>
public sealed class CallerNames(DqDbContext db)
{
    public async Task<string> DescribeAsync(Caller caller, CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        if (actor.Kind == ActorKind.User)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == actor.Id)
                .Select(u => new { u.Name, u.Email, u.ExternalId }).SingleAsync(cancellationToken);
            return ActorNames.OfUser(user.Name, user.Email, user.ExternalId);
        }

        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == actor.Id).Select(k => new { k.Name, k.KeyPrefix }).SingleAsync(cancellationToken);
        return ActorNames.OfKey(key.Name, key.KeyPrefix);
    }
}
