using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Infrastructure.Messaging;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DqPlatform.Infrastructure.Incidents;

/// <summary>
/// Applies <see cref="IncidentRules"/> and <see cref="Incident"/>'s transitions where runs and people meet
/// concurrently. A run's failure and auto-resolve happen inside the transaction that stores its result, one statement
/// each: the unique partial index <c>idx_incidents_open</c> ("one active incident per check") makes concurrent
/// failures meet in one row (the second insert waits for the first and turns into its update), so no lock or retry
/// loop is needed. A person's acknowledge or resolve is the aggregate's own method, saved on the condition that the
/// status it read is still the status (a lost race is CONFLICT).
/// </summary>
public sealed class IncidentStore(WorkspaceData data)
{
    // IncidentRules.ActiveStatuses as SQL: ON CONFLICT must repeat the index's predicate literally.
    private static readonly string Active =
        $"ARRAY[{string.Join(", ", IncidentRules.ActiveStatuses.Select(s => $"'{PostgresEnum.Label(s)}'::dq.incident_status"))}]";

    // Incident.Open, or Incident.RecordFailure on the group's active one: count it, keep the latest time and the worse
    // severity (dq.check_severity orders its labels mildest first, as CheckSeverity does, so GREATEST is
    // IncidentRules.Worse), and count it for its check among the incident's checks, in one statement.
    private static string RecordFailureSql(string conflict) => $"""
        WITH incident AS (
            INSERT INTO dq.incidents AS i (check_id, group_key, grouping, status, severity, failure_count, first_seen, last_seen, created_at, updated_at)
            VALUES (@check, @group, @grouping::dq.incident_grouping, 'open', @severity::dq.check_severity, 1, @now, @now, @now, @now)
            ON CONFLICT {conflict}
            DO UPDATE SET failure_count = i.failure_count + 1,
                          last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
                          severity = GREATEST(i.severity, EXCLUDED.severity),
                          updated_at = EXCLUDED.updated_at
            RETURNING id, xmax = 0 AS created, status, severity, failure_count),
        member AS (
            INSERT INTO dq.incident_checks AS m (incident_id, check_id, failure_count, last_seen)
            SELECT id, @check, 1, @now FROM incident
            ON CONFLICT (incident_id, check_id)
            DO UPDATE SET failure_count = m.failure_count + 1, last_seen = GREATEST(m.last_seen, EXCLUDED.last_seen))
        SELECT id, created, status::text, severity::text, failure_count FROM incident
        """;

    // The index each kind of group meets in (IncidentGroups), with its predicate repeated literally as ON CONFLICT needs.
    private static readonly string RecordFailureByCheckSql = RecordFailureSql(
        $"(check_id) WHERE group_key IS NULL AND status = ANY ({Active})");

    private static readonly string RecordFailureByGroupSql = RecordFailureSql(
        $"(group_key) WHERE status = ANY ({Active})");

    // Incident.ResolveAutomatically when IncidentRules.PassesResolve holds for the newest results of every check that
    // counted on an active incident of this check (for per-check grouping, the check alone).
    private static readonly string ResolveAfterPassesSql = $"""
        UPDATE dq.incidents i SET status = 'resolved', resolved_at = @now, updated_at = @now,
            resolution_notes = COALESCE(resolution_notes || E'\n', '') || @note
        WHERE i.status = ANY ({Active})
          AND (i.check_id = @check OR i.id IN (SELECT incident_id FROM dq.incident_checks WHERE check_id = @check))
          AND NOT EXISTS (
              SELECT 1 FROM (SELECT m.check_id FROM dq.incident_checks m WHERE m.incident_id = i.id UNION SELECT i.check_id) counted
              WHERE NOT (SELECT count(*) = @passes AND bool_and(rule_passed)
                         FROM (SELECT rule_passed FROM dq.check_results WHERE check_id = counted.check_id ORDER BY executed_at DESC LIMIT @passes) recent))
        RETURNING id, severity::text, failure_count
        """;

    /// <summary>A failure of <paramref name="checkId"/> counted on the check's own incident (per-check grouping).</summary>
    public static Task<IncidentChange> RecordFailureAsync(
        NpgsqlConnection connection, Guid checkId, CheckSeverity severity, DateTimeOffset now, CancellationToken cancellationToken) =>
        RecordFailureAsync(connection, checkId, null, IncidentGrouping.Check, severity, now, cancellationToken);

    /// <summary>
    /// A failure of <paramref name="checkId"/> counted on the active incident of <paramref name="groupKey"/> (see
    /// <see cref="IncidentGroups"/>), inside the transaction open on <paramref name="connection"/>.
    /// </summary>
    public static async Task<IncidentChange> RecordFailureAsync(
        NpgsqlConnection connection, Guid checkId, string? groupKey, IncidentGrouping grouping, CheckSeverity severity, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(groupKey is null ? RecordFailureByCheckSql : RecordFailureByGroupSql, connection);
        command.Parameters.AddWithValue("check", checkId);
        command.Parameters.Add(new NpgsqlParameter("group", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)groupKey ?? DBNull.Value });
        command.Parameters.AddWithValue("grouping", PostgresEnum.Label(grouping));
        command.Parameters.AddWithValue("severity", PostgresEnum.Label(severity));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new IncidentChange(
            reader.GetGuid(0),
            reader.GetBoolean(1) ? IncidentChangeKind.Created : IncidentChangeKind.Updated,
            Enum.Parse<IncidentStatus>(reader.GetString(2), ignoreCase: true),
            Enum.Parse<CheckSeverity>(reader.GetString(3), ignoreCase: true),
            reader.GetInt32(4));
    }

    /// <summary>
    /// Resolves an active incident the check counted on when the newest <paramref name="passes"/> results of each of
    /// its checks all passed.
    /// </summary>
    public static async Task<IncidentChange?> ResolveAfterPassesAsync(
        NpgsqlConnection connection, Guid checkId, DateTimeOffset now, int passes, CancellationToken cancellationToken)
    {
        if (passes <= 0)
        {
            return null;
        }

        await using var command = new NpgsqlCommand(ResolveAfterPassesSql, connection);
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

    /// <summary>An incident of the caller's workspace, tracked for a person's transition; null when the caller cannot see it.</summary>
    public Task<Incident?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        data.Incidents.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);

    /// <summary>
    /// Saves a person's change unless someone moved the incident since it was read (CONFLICT), with its event in the
    /// same transaction unless <paramref name="kind"/> is null or the incident or its check is muted (<see cref="Mutes"/>);
    /// answers the event as logged, or null when none was (muted, no kind, or a retry found the change already committed
    /// by an attempt whose answer was lost: its event was logged then and reaches subscribers from the log).
    /// </summary>
    public async Task<IncidentChanged?> SaveAsync(Incident incident, IncidentChangeKind? kind, CancellationToken cancellationToken)
    {
        var logged = await data.Db.InTransactionAsync<IReadOnlyList<DqEvent>?>(async (transaction, token) =>
        {
            await data.Db.SaveOrConflictAsync(token, acceptAllChangesOnSuccess: false);
            var check = await data.Checks.AsNoTracking().Where(c => c.Id == incident.CheckId)
                .Select(c => new { c.Connection!.WorkspaceId, c.MutedUntil }).SingleAsync(token);
            IReadOnlyList<DqEvent>? events = null;
            if (kind is { } announced && !Mutes.IsMuted(incident.MutedUntil, incident.UpdatedAt) && !Mutes.IsMuted(check.MutedUntil, incident.UpdatedAt))
            {
                var changed = new IncidentChanged(check.WorkspaceId, incident.UpdatedAt, incident.Id, incident.CheckId, announced, incident.Status,
                    incident.Severity, incident.FailureCount, incident);
                events = await WorkspaceEventLog.AppendAsync(data.Db, [changed], token);
            }

            await transaction.CommitAsync(token);
            return events;
        }, cancellationToken, alreadyDone: async token =>
            // The row already stands as this caller's change left it (same status, same person, same notes, which
            // name the person): a repeat would find the status moved and answer CONFLICT to the one who moved it.
            await data.Incidents.AsNoTracking().AnyAsync(i => i.Id == incident.Id && i.Status == incident.Status
                && i.AcknowledgedById == incident.AcknowledgedById && i.AcknowledgedBy == incident.AcknowledgedBy && i.ResolutionNotes == incident.ResolutionNotes
                && i.AssigneeId == incident.AssigneeId && i.MutedUntil == incident.MutedUntil, token)
                ? new ExecutionResult<IReadOnlyList<DqEvent>?>(true, null)
                : DatabaseFacadeResilience.NotDone<IReadOnlyList<DqEvent>?>());
        data.Db.ChangeTracker.AcceptAllChanges();
        return (IncidentChanged?)logged?[0];
    }
}
