using DqPlatform.Domain.Events;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// Each workspace's durable, ordered log of events (<see cref="EventLogRules"/>): <c>dq.workspace_events</c>, with
/// the last position given and the last one purged in <c>dq.workspace_event_heads</c>.
/// </summary>
public sealed class WorkspaceEventLog(NpgsqlDataSource database)
{
    // Taking the next positions locks the workspace's head row until the transaction ends, so the positions of one
    // workspace commit in the order they were given: no later commit can fill a hole behind a reader's cursor. Append
    // last in a transaction, just before its commit, so the lock is held for one round trip.
    private const string ClaimSql = """
        INSERT INTO dq.workspace_event_heads AS h (workspace_id, position) VALUES (@workspace, @count)
        ON CONFLICT (workspace_id) DO UPDATE SET position = h.position + EXCLUDED.position
        RETURNING position
        """;

    private const string InsertSql = """
        INSERT INTO dq.workspace_events (workspace_id, position, occurred_at, payload)
        SELECT @workspace, e.position, e.occurred_at, e.payload::jsonb
        FROM unnest(@positions, @times, @payloads) AS e(position, occurred_at, payload)
        """;

    /// <summary>Logs <paramref name="events"/> in the transaction open on <paramref name="db"/>; answers them with their positions.</summary>
    public static Task<IReadOnlyList<DqEvent>> AppendAsync(DbContext db, IReadOnlyList<DqEvent> events, CancellationToken cancellationToken) =>
        AppendAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), events, cancellationToken);

    /// <summary>Logs <paramref name="events"/> in <paramref name="transaction"/>; answers them with their positions.</summary>
    public static async Task<IReadOnlyList<DqEvent>> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<DqEvent> events, CancellationToken cancellationToken)
    {
        var logged = new DqEvent[events.Count];
        // One workspace after another in a fixed order, so two transactions never wait for each other's heads.
        foreach (var workspace in events.Select(e => e.WorkspaceId).Distinct().Order())
        {
            var indexes = Enumerable.Range(0, events.Count).Where(i => events[i].WorkspaceId == workspace).ToArray();
            await using var claim = new NpgsqlCommand(ClaimSql, connection, transaction);
            claim.Parameters.AddWithValue("workspace", workspace);
            claim.Parameters.AddWithValue("count", (long)indexes.Length);
            var last = (long)(await claim.ExecuteScalarAsync(cancellationToken))!;
            var positions = new long[indexes.Length];
            for (var i = 0; i < indexes.Length; i++)
            {
                positions[i] = last - indexes.Length + 1 + i;
                logged[indexes[i]] = events[indexes[i]] with { Position = positions[i] };
            }

            await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
            insert.Parameters.AddWithValue("workspace", workspace);
            insert.Parameters.AddWithValue("positions", positions);
            insert.Parameters.AddWithValue("times", indexes.Select(i => events[i].At).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = indexes.Select(i => EventJson.Serialize(logged[i])).ToArray(),
            });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return logged;
    }

    /// <summary>
    /// Logs one event in a transaction of its own (a change committed in another database); run again from the start
    /// only when the connection surely never reached the server: each attempt claims new positions, so a repeat after
    /// a commit whose answer was lost would log the event twice.
    /// </summary>
    public async Task<DqEvent> AppendAsync(DqEvent @event, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var logged = await AppendAsync(connection, transaction, [@event], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return logged[0];
        }, repeatable: false, cancellationToken);
    }

    /// <summary>The workspace's last position and the last one purged (0 and 0 for a workspace with no events yet).</summary>
    public async Task<(long Head, long PurgedThrough)> HeadAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = database.CreateCommand(
                "SELECT position, purged_through FROM dq.workspace_event_heads WHERE workspace_id = @workspace");
            command.Parameters.AddWithValue("workspace", workspaceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        }, repeatable: true, cancellationToken);
    }

    /// <summary>The heads of <paramref name="workspaceIds"/> that have events, in one statement.</summary>
    public async Task<Dictionary<Guid, long>> HeadsAsync(IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = database.CreateCommand(
                "SELECT workspace_id, position FROM dq.workspace_event_heads WHERE workspace_id = ANY(@workspaces)");
            command.Parameters.AddWithValue("workspaces", workspaceIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var heads = new Dictionary<Guid, long>();
            while (await reader.ReadAsync(cancellationToken))
            {
                heads[reader.GetGuid(0)] = reader.GetInt64(1);
            }

            return heads;
        }, repeatable: true, cancellationToken);
    }

    /// <summary>The events of positions after <paramref name="after"/> up to <paramref name="through"/>, in order.</summary>
    public async Task<List<DqEvent>> ReadAsync(Guid workspaceId, long after, long through, CancellationToken cancellationToken)
    {
        return await DatabaseRetry.RunAsync(async cancellationToken =>
        {
            await using var command = database.CreateCommand("""
                SELECT position, payload::text FROM dq.workspace_events
                WHERE workspace_id = @workspace AND position > @after AND position <= @through ORDER BY position
                """);
            command.Parameters.AddWithValue("workspace", workspaceId);
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("through", through);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<DqEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (EventJson.Deserialize(reader.GetString(1)) is { } @event)
                {
                    events.Add(@event with { Position = reader.GetInt64(0) });
                }
            }

            return events;
        }, repeatable: true, cancellationToken);
    }

    /// <summary>
    /// Drops events older than <paramref name="before"/> and records, per workspace, the last position dropped. One node
    /// purges at a time (an advisory lock; the others skip this round), so nodes never deadlock on the same rows.
    /// </summary>
    /// <returns>How many events were dropped.</returns>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtext('dq.workspace_events purge')) AS mine),
            purged AS (
                DELETE FROM dq.workspace_events WHERE occurred_at < @before AND (SELECT mine FROM turn)
                RETURNING workspace_id, position),
            last AS (SELECT workspace_id, max(position) AS position, count(*) AS events FROM purged GROUP BY workspace_id),
            marked AS (
                UPDATE dq.workspace_event_heads h SET purged_through = GREATEST(h.purged_through, last.position)
                FROM last WHERE h.workspace_id = last.workspace_id)
            SELECT COALESCE(sum(events), 0)::int FROM last
            """);
        command.Parameters.AddWithValue("before", before);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
