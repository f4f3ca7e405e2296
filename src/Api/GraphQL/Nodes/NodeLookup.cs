using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.GraphQL.Nodes;

/// <summary>
/// <c>node(id:)</c>: decodes a global id and loads it through <see cref="WorkspaceData"/>, so another tenant's id
/// (or a made-up one) answers null exactly like a deleted object.
/// </summary>
public static class NodeLookup
{
    public static async Task<object?> FindAsync(IServiceProvider services, string globalId, CancellationToken ct)
    {
        var data = services.GetRequiredService<WorkspaceData>();
        if (!GlobalId.TryDecode(globalId, out string type, out string key))
        {
            return null;
        }

        if (type == "CheckResult")
        {
            return ResultKey.TryParse(key, out var rk)
                ? await data.CheckResults.AsNoTracking().SingleOrDefaultAsync(r => r.ExecutedAt == rk.ExecutedAt && r.Id == rk.Id, ct)
                : null;
        }

        if (!Guid.TryParseExact(key, "N", out var id))
        {
            return null;
        }

        return type switch
        {
            "Organization" => await data.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct),
            "Workspace" => await data.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct),
            "ApiKey" => await data.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct),
            "Connection" => await data.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct),
            "CheckDefinition" => await data.Checks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct),
            "Incident" => await data.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct),
            "Schedule" => await data.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct),
            "Job" => await data.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct),
            "Webhook" => await data.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct),
            "SavedQuery" => await data.SavedQueries.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id, ct),
            "QueryResult" => await data.QueryResults.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct),
            _ => null,
        };
    }

    /// <summary>At most this many ids in one <c>nodes(ids:)</c>: a page's worth, as for lists.</summary>
    public const int MaxIds = Paging.PageArguments.MaxSize;

    /// <summary>
    /// <c>nodes(ids:)</c>: one statement per type asked for, not one per id, answering in the order asked (null for
    /// unknown, foreign or malformed ids).
    /// </summary>
    public static async Task<List<object?>> FindManyAsync(IServiceProvider services, IReadOnlyList<string> globalIds, CancellationToken ct)
    {
        if (globalIds.Count > MaxIds)
        {
            throw new Domain.Common.ValidationException($"'ids' may name at most {MaxIds} objects.", "ids");
        }

        var data = services.GetRequiredService<WorkspaceData>();
        var wanted = globalIds.Select(g => GlobalId.TryDecode(g, out string type, out string key) && Guid.TryParseExact(key, "N", out var id) ? (type, id) : default).ToList();
        var found = new Dictionary<(string, Guid), object>();
        foreach (var group in wanted.Where(w => w.type is not null && w.type != "CheckResult").GroupBy(w => w.type, w => w.id))
        {
            var ids = group.Distinct().ToList();
            IEnumerable<(Guid, object)> rows = group.Key switch
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
            foreach (var (id, row) in rows)
            {
                found[(group.Key, id)] = row;
            }
        }

        var answer = new List<object?>(globalIds.Count);
        for (var i = 0; i < globalIds.Count; i++)
        {
            answer.Add(IsResult(globalIds[i])
                ? await FindAsync(services, globalIds[i], ct) // a result's key is its time and id, not a uuid
                : wanted[i].type is { } t && found.TryGetValue((t, wanted[i].id), out var row) ? row : null);
        }

        return answer;
    }

    private static bool IsResult(string globalId) => GlobalId.TryDecode(globalId, out string type, out string _) && type == "CheckResult";
}
