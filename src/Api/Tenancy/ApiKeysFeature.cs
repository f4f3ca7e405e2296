using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Tenancy;

/// <summary>The workspace's API keys: their list, node type and mutations.</summary>
public static class ApiKeysFeature
{
    public static IServiceCollection AddApiKeysFeature(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyCommands>();
        services.AddSingleton(TenancyLists.ApiKeys);
        services.AddSingleton(NodeType.ByUuid("ApiKey",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().ApiKeys, ids, ct), (ApiKey k) => k.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, ApiKeyGraphType, ApiKey>("apiKeys", c => c.Data().ApiKeys);

    public static void Register(MutationType mutation) => ApiKeyMutations.Register(mutation);
}
