using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Datasets;

namespace DqPlatform.Api.Datasets;

/// <summary>Registering, changing and removing datasets (scope <c>write</c>); changing one also needs the right to read it.</summary>
public sealed class DatasetCommands(DatasetStore datasets, ICurrentCaller caller)
{
    public Task<Dataset> RegisterAsync(DatasetStore.Registration registration, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        return datasets.RegisterAsync(registration, cancellationToken);
    }

    public Task<Dataset> UpdateAsync(Guid? id, string shownId, string? name, IReadOnlyList<string>? readRoles, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        return datasets.UpdateAsync(id, shownId, DatasetReader.Of(who), name, readRoles, cancellationToken);
    }

    public async Task<string> DeleteAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        await datasets.DeleteAsync(id, shownId, DatasetReader.Of(who), cancellationToken);
        return shownId;
    }
}
