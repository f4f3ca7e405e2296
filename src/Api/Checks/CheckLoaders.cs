using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Scheduling;
using DqPlatform.GraphQL.DataLoaders;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Persistence;
using GraphQL.DataLoader;

namespace DqPlatform.Api.Checks;

/// <summary>Batch loaders for what hangs off a check; each runs one query per request level, whatever the page size.</summary>
public sealed class CheckLoaders(BatchLoaders loaders, WorkspaceData data, CheckReads reads, ResultSeriesReads series)
{
    public IDataLoaderResult<CheckDefinition?> Check(Guid id) =>
        loaders.For<Guid, CheckDefinition>("checks", (ids, ct) => WorkspaceData.ByIdsAsync(data.Checks, ids, c => c.Id, ct)).Load(id);

    public IDataLoaderResult<CheckResult?> Result(ResultKey key) => loaders.For<ResultKey, CheckResult>("results", reads.ResultsAsync).Load(key);

    public IDataLoaderResult<Schedule?> ScheduleOf(Guid checkId) =>
        loaders.For<Guid, Schedule>("schedulesByCheck", reads.SchedulesByCheckAsync).Load(checkId);

    public IDataLoaderResult<Incident?> ActiveIncidentOf(Guid checkId) =>
        loaders.For<Guid, Incident>("activeIncidentByCheck", reads.ActiveIncidentsByCheckAsync).Load(checkId);

    /// <summary>A check's result series, every bucket (see ResultSeriesReads); the checks of a page asking for the same window share one statement.</summary>
    public IDataLoaderResult<IReadOnlyList<ResultBucket>?> Series(ResultSeriesWindow window, Guid checkId) =>
        loaders.For<Guid, IReadOnlyList<ResultBucket>>(
            $"resultSeries:{window.Since.UtcTicks}:{window.Until.UtcTicks}:{window.Bucket}", (ids, ct) => series.SeriesAsync(window, ids, ct)).Load(checkId);
}
