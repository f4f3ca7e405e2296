using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using Npgsql;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// Incident bookkeeping inside the transaction that stores a result. The unique partial index "one open or
/// acknowledged incident per check" makes concurrent failures meet in one row: the second insert waits for the first
/// and turns into its update, so no lock or retry loop is needed here.
/// </summary>
public sealed class IncidentLedger
{
    public async Task<IncidentChange> RecordFailureAsync(
        NpgsqlConnection connection, Guid checkId, CheckSeverity severity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO dq.incidents AS i (check_id, status, severity, failure_count, first_seen, last_seen, created_at, updated_at)
            VALUES (@check, 'open', @severity::dq.check_severity, 1, @now, @now, @now, @now)
            ON CONFLICT (check_id) WHERE status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])
            DO UPDATE SET failure_count = i.failure_count + 1,
                          last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
                          severity = GREATEST(i.severity, EXCLUDED.severity),
                          updated_at = EXCLUDED.updated_at
            RETURNING id, xmax = 0, status::text, severity::text, failure_count
            """, connection);
        command.Parameters.AddWithValue("check", checkId);
        command.Parameters.AddWithValue("severity", severity.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var change = new IncidentChange(
            reader.GetGuid(0),
            reader.GetBoolean(1) ? IncidentChangeKind.Created : IncidentChangeKind.Updated,
            Enum.Parse<IncidentStatus>(reader.GetString(2), ignoreCase: true),
            Enum.Parse<CheckSeverity>(reader.GetString(3), ignoreCase: true),
            reader.GetInt32(4));
        return change;
    }

    /// <summary>Resolves the check's active incident when its newest <paramref name="passes"/> results all passed.</summary>
    public async Task<IncidentChange?> ResolveAfterPassesAsync(
        NpgsqlConnection connection, Guid checkId, DateTimeOffset now, int passes, CancellationToken cancellationToken)
    {
        if (passes <= 0)
        {
            return null;
        }

        await using var command = new NpgsqlCommand("""
            UPDATE dq.incidents SET status = 'resolved', resolved_at = @now, updated_at = @now,
                resolution_notes = COALESCE(resolution_notes || E'\n', '') || @note
            WHERE check_id = @check AND status = ANY (ARRAY['open'::dq.incident_status, 'acknowledged'::dq.incident_status])
              AND (SELECT count(*) = @passes AND bool_and(rule_passed)
                   FROM (SELECT rule_passed FROM dq.check_results WHERE check_id = @check ORDER BY executed_at DESC LIMIT @passes) recent)
            RETURNING id, severity::text, failure_count
            """, connection);
        command.Parameters.AddWithValue("check", checkId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("passes", passes);
        command.Parameters.AddWithValue("note", IncidentRules.AutoResolutionNote(passes));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new IncidentChange(reader.GetGuid(0), IncidentChangeKind.Resolved, IncidentStatus.Resolved,
            Enum.Parse<CheckSeverity>(reader.GetString(1), ignoreCase: true), reader.GetInt32(2));
    }
}
