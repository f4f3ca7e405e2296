using DqPlatform.Api.Auth;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.Infrastructure.Checks.Samples;
using GraphQL.DataLoader;

namespace DqPlatform.Api.Checks;

/// <summary>The samples of a page of results in one statement; the caller's dataset access judged per result.</summary>
public sealed class FailedSampleLoaders(BatchLoaders loaders, FailedSampleReads reads, RequestCaller caller)
{
    /// <summary>The result's sample, null when none was kept; DATASET_FORBIDDEN when the caller's roles may not read its table.</summary>
    public IDataLoaderResult<FailedRowSample?> Of(CheckResult result)
    {
        var reader = DatasetReader.Of(caller.Require(ApiKeyScopes.Read));
        var view = loaders.For<ResultKey, SampleView>("failedSamples", (keys, ct) => reads.ByResultsAsync(keys, reader, ct)).Load(ResultKey.Of(result));
        return new Judged(view);
    }

    // Awaited by the engine after the level's other fields queued their keys, so the page still loads in one statement.
    private sealed class Judged(IDataLoaderResult<SampleView?> view) : IDataLoaderResult<FailedRowSample?>
    {
        public async Task<FailedRowSample?> GetResultAsync(CancellationToken cancellationToken = default) =>
            await view.GetResultAsync(cancellationToken) is { } v ? v.Sample ?? throw SamplesForbidden(v.Refused) : null;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private static DatasetForbiddenException SamplesForbidden(IReadOnlyList<Dataset> refused) => new(
        $"Samples show rows of {string.Join(", ", refused.Select(d => $"'{d.Name}' ({d.SchemaName}.{d.TableName})"))}, which your roles may not read.",
        [.. refused.Select(d => d.Id)]);
}
