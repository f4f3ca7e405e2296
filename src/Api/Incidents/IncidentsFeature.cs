using DqPlatform.Api.Schema;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Incidents;

/// <summary>Incidents: their list, node type and transitions.</summary>
public static class IncidentsFeature
{
    public static IServiceCollection AddIncidentsFeature(this IServiceCollection services)
    {
        services.AddScoped<IncidentCommands>();
        services.AddSingleton(IncidentLists.Incidents);
        services.AddSingleton(NodeType.ByUuid("Incident",
            (s, ids, ct) => s.Data().Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct), (Incident i) => i.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, IncidentGraphType, Incident>("incidents", c => c.Data().Incidents);

    public static void Register(MutationType mutation) => IncidentMutations.Register(mutation);
}
