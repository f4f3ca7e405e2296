using DqPlatform.Domain.Webhooks;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>Webhooks of the caller's workspace.</summary>
public sealed class WebhookStore(WorkspaceData data)
{
    public Guid WorkspaceId => data.WorkspaceId;

    public Task<Webhook?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Webhooks.SingleOrDefaultAsync(w => w.Id == id, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken) => data.Webhooks.AnyAsync(w => w.Id == id, cancellationToken);

    public void Add(Webhook webhook) => data.Db.Webhooks.Add(webhook);

    public Task SaveAsync(CancellationToken cancellationToken) => data.Db.SaveOrConflictAsync(cancellationToken);
}
