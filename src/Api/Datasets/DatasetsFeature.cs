using DqPlatform.Api.Schema;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Datasets;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Datasets;

/// <summary>Datasets and their read roles: list, node type, loader and mutations. The query service enforces the roles.</summary>
public static class DatasetsFeature
{
    public static IServiceCollection AddDatasetsFeature(this IServiceCollection services)
    {
        services.AddScoped<DatasetStore>();
        services.AddScoped<DatasetCommands>();
        services.AddScoped<DatasetLoaders>();
        services.AddSingleton(DatasetLists.Datasets);
        services.AddSingleton(NodeType.ByUuid("Dataset",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Datasets, ids, ct), (Dataset d) => d.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, DatasetGraphType, Dataset>("datasets", c => c.Data().Datasets);

    public static void Register(MutationType mutation) => DatasetMutations.Register(mutation);
}
