using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using Microsoft.EntityFrameworkCore;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.GraphQL.Nodes;

/// <summary>
/// <c>node(id:)</c> and <c>nodes(ids:)</c>: decode global ids and load them through <see cref="WorkspaceData"/>, so
/// another tenant's id (or a made-up one) answers null exactly like a deleted object.
/// </summary>
public static class NodeLookup
{
    /// <summary>At most this many ids in one <c>nodes(ids:)</c>: a page's worth, as for lists.</summary>
    public const int MaxIds = Paging.PageArguments.MaxSize;

    public static async Task<object?> FindAsync(IServiceProvider services, string globalId, CancellationToken ct) =>
        (await FindManyAsync(services, [globalId], ct))[0];

    /// <summary>
    /// One statement per type asked for, not one per id, answering in the order asked (null for unknown, foreign or
    /// malformed ids).
    /// </summary>
    public static async Task<List<object?>> FindManyAsync(IServiceProvider services, IReadOnlyList<string> globalIds, CancellationToken ct)
    {
        if (globalIds.Count > MaxIds)
        {
            throw new Domain.Common.ValidationException($"'ids' may name at most {MaxIds} objects.", "ids");
        }

        var data = services.GetRequiredService<WorkspaceData>();
        var wanted = globalIds.Select(g => GlobalId.TryDecode(g, out string type, out string key) ? (type, key: Normalized(key)) : default).ToList();
        var found = new Dictionary<(string, string), object>();
        foreach (var group in wanted.Where(w => w.type is not null).GroupBy(w => w.type, w => w.key))
        {
            foreach (var (key, row) in await LoadAsync(data, group.Key, group.Distinct().ToList(), ct))
            {
                found[(group.Key, key)] = row;
            }
        }

        return [.. wanted.Select(w => w.type is not null && found.TryGetValue(w, out var row) ? row : null)];
    }

    // The rows of one type whose keys are given, keyed as their global ids spell them.
    private static async Task<IEnumerable<(string Key, object Row)>> LoadAsync(WorkspaceData data, string type, List<string> keys, CancellationToken ct)
    {
        if (type == "CheckResult")
        {
            // A result's key is its time and id (the table is partitioned by time), not a uuid: looked up one by one.
            var results = new List<(string, object)>();
            foreach (var key in keys)
            {
                if (ResultKey.TryParse(key, out var rk)
                    && await data.CheckResults.AsNoTracking().SingleOrDefaultAsync(r => r.ExecutedAt == rk.ExecutedAt && r.Id == rk.Id, ct) is { } result)
                {
                    results.Add((key, result));
                }
            }

            return results;
        }

        var ids = keys.Select(k => Guid.TryParseExact(k, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        IEnumerable<(Guid Id, object Row)> rows = type switch
        {
            "Organization" => (await data.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct)).Select(o => (o.Id, (object)o)),
            "Workspace" => (await data.Workspaces.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(ct)).Select(w => (w.Id, (object)w)),
            "ApiKey" => (await data.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.Id)).ToListAsync(ct)).Select(k => (k.Id, (object)k)),
            "Connection" => (await data.Connections.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).Select(c => (c.Id, (object)c)),
            "CheckDefinition" => (await data.Checks.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).Select(c => (c.Id, (object)c)),
            "Incident" => (await data.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(ct)).Select(i => (i.Id, (object)i)),
            "Schedule" => (await data.Schedules.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct)).Select(s => (s.Id, (object)s)),
            "Job" => (await data.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToListAsync(ct)).Select(j => (j.Id, (object)j)),
            "Webhook" => (await data.Webhooks.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync(ct)).Select(w => (w.Id, (object)w)),
            "SavedQuery" => (await data.SavedQueries.AsNoTracking().Where(q => ids.Contains(q.Id)).ToListAsync(ct)).Select(q => (q.Id, (object)q)),
            "QueryResult" => (await data.QueryResults.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct)).Select(r => (r.Id, (object)r)),
            _ => [],
        };
        return rows.Select(r => (r.Id.ToString("N"), r.Row));
    }

    // A uuid key in one spelling (lower-case "N"), so ids that differ only in case find the same row.
    private static string Normalized(string key) => Guid.TryParseExact(key, "N", out var id) ? id.ToString("N") : key;
}
