using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Queries;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Queries;

/// <summary>The query service: saved queries, their runs and the dataset audit; lists, loaders, node types and mutations.</summary>
public static class QueriesFeature
{
    public static IServiceCollection AddQueriesFeature(this IServiceCollection services)
    {
        services.AddScoped<SavedQueryCommands>();
        services.AddScoped<QueryRunCommands>();
        services.AddScoped<QueryLoaders>();
        services.AddSingleton(QueryLists.SavedQueries);
        services.AddSingleton(QueryLists.QueryResults);
        services.AddSingleton(QueryLists.QueryAudit);
        services.AddSingleton(NodeType.ByUuid("SavedQuery",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().SavedQueries, ids, ct), (SavedQuery q) => q.Id));
        services.AddSingleton(NodeType.ByUuid("QueryResult",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().QueryResults, ids, ct), (QueryResult r) => r.Id));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.ListField<object?, SavedQueryGraphType, SavedQuery>("savedQueries", c => c.Data().SavedQueries);
        query.ListField<object?, QueryResultGraphType, QueryResult>("queryResults", c => c.Data().QueryResults);
        query.ListField<object?, QueryAuditEntryGraphType, QueryAuditEntry>("queryAudit", c => c.Data().QueryAudit);
    }

    public static void Register(MutationType mutation)
    {
        SavedQueryMutations.Register(mutation);
        QueryRunMutations.Register(mutation);
    }
}
