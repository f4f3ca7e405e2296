using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Checks;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Checks;

namespace DqPlatform.Api.Checks;

/// <summary>Check definitions and their results: lists, loaders, node types, mutations and check runs.</summary>
public static class ChecksFeature
{
    public static IServiceCollection AddChecksFeature(this IServiceCollection services)
    {
        services.AddScoped<CheckCommands>();
        services.AddScoped<CheckRunCommands>();
        services.AddScoped<MonitorCommands>();
        services.AddScoped<CheckLoaders>();
        services.AddScoped<FailedSampleLoaders>();
        services.AddSingleton(CheckLists.Checks);
        services.AddSingleton(CheckLists.Results);
        services.AddSingleton(NodeType.ByUuid("CheckDefinition",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Checks, ids, ct), (CheckDefinition c) => c.Id));
        services.AddSingleton(NodeType.ByKey("CheckResult", FindResultAsync));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.ListField<object?, CheckDefinitionGraphType, CheckDefinition>("checkDefinitions", c => c.Data().Checks);
        query.ListField<object?, CheckResultGraphType, CheckResult>("checkResults", c => c.Data().CheckResults);
    }

    public static void Register(MutationType mutation)
    {
        CheckMutations.Register(mutation);
        CheckRunMutations.Register(mutation);
        MonitorMutations.Register(mutation);
    }

    // A result's key is its time and id (the table is partitioned by time), not a uuid: looked up one by one.
    private static async Task<object?> FindResultAsync(IServiceProvider services, string key, CancellationToken ct) =>
        ResultKey.TryParse(key, out var rk)
            ? await services.GetRequiredService<CheckReads>().ResultAsync(rk, ct)
            : null;
}
