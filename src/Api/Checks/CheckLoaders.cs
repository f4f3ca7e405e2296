using DqPlatform.Api.Auth;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Scheduling;
using DqPlatform.GraphQL.DataLoaders;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Checks;

/// <summary>Batch loaders for what hangs off a check; each runs one query per request level, whatever the page size.</summary>
public sealed class CheckLoaders(BatchLoaders loaders, WorkspaceData data)
{
    public IDataLoaderResult<CheckDefinition?> Check(Guid id) =>
        loaders.For<Guid, CheckDefinition>("checks", async (ids, ct) =>
            await data.Checks.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct)).Load(id);

    /// <summary>Results by primary key; the executed_at list lets PostgreSQL prune partitions.</summary>
    public IDataLoaderResult<CheckResult?> Result(ResultKey key) =>
        loaders.For<ResultKey, CheckResult>("results", async (keys, ct) =>
        {
            var times = keys.Select(k => k.ExecutedAt).Distinct().ToList();
            var ids = keys.Select(k => k.Id).ToList();
            var rows = await data.CheckResults.AsNoTracking().Where(r => times.Contains(r.ExecutedAt) && ids.Contains(r.Id)).ToListAsync(ct);
            return rows.ToDictionary(ResultKey.Of);
        }).Load(key);

    public IDataLoaderResult<Schedule?> ScheduleOf(Guid checkId) =>
        loaders.For<Guid, Schedule>("schedulesByCheck", async (ids, ct) =>
            await data.Schedules.AsNoTracking().Where(s => ids.Contains(s.CheckId)).ToDictionaryAsync(s => s.CheckId, ct)).Load(checkId);

    public IDataLoaderResult<Incident?> ActiveIncidentOf(Guid checkId) =>
        loaders.For<Guid, Incident>("activeIncidentByCheck", async (ids, ct) =>
            await data.Incidents.AsNoTracking().Where(i => ids.Contains(i.CheckId) && i.Status != IncidentStatus.Resolved)
                .ToDictionaryAsync(i => i.CheckId, ct)).Load(checkId);
}
