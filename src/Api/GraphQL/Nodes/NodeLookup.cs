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
}
