using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Security;

/// <summary>How a caller is named in what it leaves behind (an incident's notes): its key's name and prefix.</summary>
public sealed class CallerNames(DqDbContext db)
{
    public const int MaxLength = 255;

    public async Task<string> DescribeAsync(Caller caller, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == caller.ApiKeyId).Select(k => new { k.Name, k.KeyPrefix }).SingleAsync(cancellationToken);
        var name = $"{key.Name} ({key.KeyPrefix})";
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }
}
