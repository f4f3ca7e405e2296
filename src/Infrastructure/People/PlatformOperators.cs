using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.People;

/// <summary><c>Dqp:Platform</c>: who runs the platform itself.</summary>
public sealed class PlatformOptions
{
    /// <summary>
    /// The users who may create organizations: each entry a user id, or <c>issuer|subject</c> as the identity provider
    /// names them (usable before the user's first sign-in gives them an id).
    /// </summary>
    public List<string> Operators { get; set; } = [];
}

/// <summary>Whether a user is one of the configured platform operators.</summary>
public sealed class PlatformOperators(DqDbContext db, IOptions<PlatformOptions> options)
{
    public async Task<bool> IsOperatorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var listed = options.Value.Operators.Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
        if (listed.Count == 0)
        {
            return false;
        }

        if (listed.Any(o => Guid.TryParse(o, out var id) && id == userId))
        {
            return true;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Issuer, u.ExternalId }).SingleOrDefaultAsync(cancellationToken);
        return user is not null && listed.Contains($"{user.Issuer}|{user.ExternalId}", StringComparer.Ordinal);
    }
}
