using DqPlatform.Api.Auditing;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Dashboards;
using DqPlatform.Api.Datasets;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tenancy;
using DqPlatform.Api.Webhooks;
using DqPlatform.GraphQL.Relay;
using GraphQL.Types;

namespace DqPlatform.Api.Schema;

/// <summary>
/// The root query: the caller's workspace, node lookups, each feature's lists and the dashboard aggregates. Each
/// feature adds its own fields; the order here is the order of the printed schema (schema/schema.graphql).
/// </summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        WorkspacesFeature.Register(this);
        People.PeopleFeature.Register(this);
        this.AddNodeFields();
        ConnectionsFeature.Register(this);
        ChecksFeature.Register(this);
        IncidentsFeature.Register(this);
        SchedulingFeature.Register(this);
        WebhooksFeature.Register(this);
        Maintenance.MaintenanceFeature.Register(this);
        Notifications.NotificationsFeature.Register(this);
        ApiKeysFeature.Register(this);
        AuditingFeature.Register(this);
        QueriesFeature.Register(this);
        DatasetsFeature.Register(this);
        CheckCatalogFeature.Register(this);
        DashboardsFeature.Register(this);
    }
}
