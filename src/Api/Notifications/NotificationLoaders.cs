using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.Infrastructure.Persistence;
using GraphQL.DataLoader;

namespace DqPlatform.Api.Notifications;

/// <summary>Batch loaders for what rules and log rows point at: one query per request level.</summary>
public sealed class NotificationLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<NotificationChannel?> Channel(Guid id) =>
        loaders.For<Guid, NotificationChannel>("notificationChannels", (ids, ct) => WorkspaceData.ByIdsAsync(data.NotificationChannels, ids, c => c.Id, ct)).Load(id);

    public IDataLoaderResult<Incident?> Incident(Guid id) =>
        loaders.For<Guid, Incident>("notificationIncidents", (ids, ct) => WorkspaceData.ByIdsAsync(data.Incidents, ids, i => i.Id, ct)).Load(id);
}
