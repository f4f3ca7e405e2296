using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Incidents;

/// <summary>Incidents: their list, node type and transitions.</summary>
public static class IncidentsFeature
{
    public static IServiceCollection AddIncidentsFeature(this IServiceCollection services)
    {
        services.AddScoped<IncidentCommands>();
        services.AddScoped<IncidentManagementCommands>();
        services.AddScoped<IncidentSettingsCommands>();
        services.AddSingleton(IncidentLists.Incidents);
        services.AddSingleton(NodeType.ByUuid("Incident",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Incidents, ids, ct), (Incident i) => i.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, IncidentGraphType, Incident>("incidents", c => c.Data().Incidents);

    public static void Register(MutationType mutation)
    {
        IncidentMutations.Register(mutation);
        IncidentManagementMutations.Register(mutation);
    }
}
