using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Security;

/// <summary>Re-seals an organization's connection configs and webhook secrets with the active encryption key.</summary>
public sealed class CredentialReencryption(DqDbContext db, ConnectionConfigProtector protector)
{
    /// <returns>How many credentials changed.</returns>
    public async Task<int> ReencryptAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var connections = await db.Connections.Where(x => x.Workspace!.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var connection in connections.Where(x => ConnectionConfigProtector.KeyIdOf(x.ConfigEncrypted) != protector.ActiveKeyId))
        {
            connection.ConfigEncrypted = protector.Protect(protector.Unprotect(connection.ConfigEncrypted));
            changed++;
        }

        var webhooks = await db.Webhooks.Where(x => x.Workspace!.OrganizationId == organizationId && x.Secret != null).ToListAsync(cancellationToken);
        foreach (var webhook in webhooks.Where(x => protector.NeedsReencryption(x.Secret!)))
        {
            webhook.Secret = protector.ProtectText(protector.RevealText(webhook.Secret!));
            changed++;
        }

        await db.SaveOrConflictAsync(cancellationToken);
        return changed;
    }
}
