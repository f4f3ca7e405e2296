using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.People;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>
/// Samples for the graph, decrypted on read. Only through the caller's workspace (a result of another workspace finds
/// nothing), and only where the caller's roles may read the check's table (<see cref="SampleAccess"/>).
/// </summary>
public sealed class FailedSampleReads(WorkspaceData data, SampleSealer sealer)
{
    public async Task<IReadOnlyDictionary<ResultKey, SampleView>> ByResultsAsync(
        IReadOnlyCollection<ResultKey> keys, DatasetReader reader, CancellationToken cancellationToken)
    {
        var ids = keys.Select(k => k.Id).ToList();
        var workspace = data.WorkspaceId;
        var rows = await data.Db.CheckResultSamples.AsNoTracking()
            .Where(s => ids.Contains(s.ResultId) && s.Check!.Connection!.WorkspaceId == workspace)
            .Select(s => new { s.ResultId, s.ExecutedAt, s.Payload, Check = s.Check! })
            .ToListAsync(cancellationToken);
        var wanted = keys.ToHashSet();
        rows = [.. rows.Where(r => wanted.Contains(new ResultKey(r.ExecutedAt, r.ResultId)))];
        if (rows.Count == 0)
        {
            return new Dictionary<ResultKey, SampleView>();
        }

        var connections = rows.Select(r => r.Check.ConnectionId).Distinct().ToList();
        var datasets = await data.Datasets.AsNoTracking().Where(d => connections.Contains(d.ConnectionId)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => new ResultKey(r.ExecutedAt, r.ResultId), r => SampleAccess.Refused(reader, r.Check, datasets) is { Count: > 0 } refused
            ? new SampleView(null, refused)
            : new SampleView(sealer.Open(r.Payload), []));
    }
}

/// <summary>A result's sample, or the datasets whose read roles keep it from the caller.</summary>
public sealed record SampleView(FailedRowSample? Sample, IReadOnlyList<Dataset> Refused);
