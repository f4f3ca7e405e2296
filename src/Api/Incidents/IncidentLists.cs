using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Incidents;

public static class IncidentLists
{
    /// <summary>Worst first, then newest: the on-call order, served by idx_incidents_active_by_severity.</summary>
    public static readonly ListSpec<Incident> Incidents = new ListSpec<Incident>("Incident", (Incident i) => i.Id)
        .GlobalId(i => i.Id)
        .Reference("checkId", i => i.CheckId, "CheckDefinition")
        .Field("status", i => i.Status)
        .Field("severity", i => i.Severity)
        .Field("failureCount", i => i.FailureCount)
        .Field("firstSeen", i => i.FirstSeen)
        .Field("lastSeen", i => i.LastSeen)
        .Field("resolvedAt", i => i.ResolvedAt)
        .Reference("acknowledgedById", i => i.AcknowledgedById, "User", "ApiKey")
        .Field("acknowledgedByName", i => i.AcknowledgedBy)
        .Field("createdAt", i => i.CreatedAt)
        .OrderByDefault(SortKey.Desc((Incident i) => i.Severity), SortKey.Desc((Incident i) => i.FirstSeen))
        .Preload("check", i => i.Check)
        .Preload("check.connection", i => i.Check!.Connection);
}
