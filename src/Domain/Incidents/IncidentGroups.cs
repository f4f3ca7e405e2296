using DqPlatform.Domain.Checks;

namespace DqPlatform.Domain.Incidents;

/// <summary>
/// Which incident a failure counts on: the active incident of the failure's group, or a new one. A group has at most
/// one active incident; the database enforces it with two unique partial indexes that
/// <c>IncidentStore.RecordFailureAsync</c> meets with ON CONFLICT, so two checks of one table failing at once open one
/// incident: <c>idx_incidents_open</c> on <c>check_id</c> for per-check incidents (group key null, as every incident
/// kept before groupings), <c>idx_incidents_open_group</c> on <c>group_key</c> for the others. Keys name connections
/// by id, which no other workspace shares.
/// <para>Changing a workspace's grouping leaves its active incidents as they are: a new failure opens (or counts on)
/// the incident of its new group, and the old incidents resolve as their checks pass.</para>
/// </summary>
public static class IncidentGroups
{
    /// <summary>The group key; null for <see cref="IncidentGrouping.Check"/>, whose incidents are keyed by their check.</summary>
    public static string? KeyOf(IncidentGrouping grouping, CheckDefinition check) => grouping switch
    {
        IncidentGrouping.Check => null,
        IncidentGrouping.Table => $"table:{check.ConnectionId}:{check.TargetSchema}.{check.TargetTable}",
        IncidentGrouping.ConnectionAndCategory =>
            $"category:{check.ConnectionId}:{CheckCategories.Of(check.CheckType).ToString().ToLowerInvariant()}",
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, null),
    };

    /// <summary>
    /// Whether a failure of this severity opens or counts on an incident: not below the workspace's minimum (the
    /// result is still stored and announced).
    /// </summary>
    public static bool Counts(CheckSeverity severity, CheckSeverity minimum) => severity >= minimum;
}
