using DqPlatform.Api.Datasets;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Webhooks;
using GraphQL.Types;

namespace DqPlatform.Api.Schema;

/// <summary>The root mutation; each feature adds its own fields, in the order of the printed schema.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        ConnectionsFeature.Register(this);
        ChecksFeature.Register(this);
        IncidentsFeature.Register(this);
        SchedulingFeature.Register(this);
        WebhooksFeature.Register(this);
        Maintenance.MaintenanceFeature.Register(this);
        Notifications.NotificationsFeature.Register(this);
        QueriesFeature.Register(this);
        DatasetsFeature.Register(this);
        ApiKeysFeature.Register(this);
        WorkspacesFeature.Register(this);
        People.PeopleFeature.Register(this);
        foreach (var field in Fields)
        {
            field.Resolver = new DiscardChangesOnFailure(field.Resolver!);
        }
    }
}
