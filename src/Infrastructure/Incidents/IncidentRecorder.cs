using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Persistence;
using Npgsql;

namespace DqPlatform.Infrastructure.Incidents;

/// <summary>
/// What a stored run does to incidents under its workspace's settings, inside the run's transaction: a pass may
/// resolve; a failure below the workspace's minimum severity opens nothing (<see cref="IncidentGroups.Counts"/>), any
/// other counts on the active incident of its group (<see cref="IncidentGroups.KeyOf"/>).
/// </summary>
public static class IncidentRecorder
{
    public static async Task<IncidentChange?> RecordAsync(
        NpgsqlConnection connection, CheckDefinition check, bool passed, DateTimeOffset now, int passesToResolve, CancellationToken cancellationToken)
    {
        if (passed)
        {
            return await IncidentStore.ResolveAfterPassesAsync(connection, check.Id, now, passesToResolve, cancellationToken);
        }

        var (grouping, minimum) = await SettingsAsync(connection, check.Connection!.WorkspaceId, cancellationToken);
        return IncidentGroups.Counts(check.Severity, minimum)
            ? await IncidentStore.RecordFailureAsync(connection, check.Id, IncidentGroups.KeyOf(grouping, check), grouping, check.Severity, now, cancellationToken)
            : null;
    }

    // Read in the run's transaction, so a settings change applies from the next run on.
    private static async Task<(IncidentGrouping Grouping, CheckSeverity Minimum)> SettingsAsync(
        NpgsqlConnection connection, Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT incident_grouping::text, incident_minimum_severity::text FROM dq.workspaces WHERE id = @workspace", connection);
        command.Parameters.AddWithValue("workspace", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (IncidentGrouping.Check, CheckSeverity.Warning);
        }

        return (Enum.GetValues<IncidentGrouping>().Single(g => PostgresEnum.Label(g) == reader.GetString(0)),
            Enum.Parse<CheckSeverity>(reader.GetString(1), ignoreCase: true));
    }
}
