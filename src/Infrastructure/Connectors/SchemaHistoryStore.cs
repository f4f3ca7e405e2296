using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// The history of a connection's schema readings (<see cref="Domain.Connections.SchemaSnapshotHistory"/>). Writes of
/// one connection take turns on a transaction-scoped advisory lock: each compares with the newest row and adds one
/// only when the canonical content differs, then keeps the newest <see cref="CheckEngineOptions.SchemaHistoryKept"/>.
/// A whole-schema read replaces the content; a one-table read (a drift check) replaces that table in the newest content.
/// </summary>
public sealed class SchemaHistoryStore(DqDbContext db, IOptions<CheckEngineOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records a whole-schema reading.</summary>
    public Task RecordAsync(Guid connectionId, IReadOnlyList<SourceTable> tables, DateTimeOffset readAt, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, token) =>
        {
            await LockAsync(transaction, connectionId, token);
            await AppendIfChangedAsync(transaction, connectionId, tables, readAt, token);
            await transaction.CommitAsync(token);
            return true;
        }, cancellationToken);

    /// <summary>
    /// The table's columns in the newest snapshot read at or before <paramref name="baselineAt"/> (null when there is
    /// none, or it lacks the table), then records <paramref name="columns"/> as the table's present state (empty: the
    /// table is gone). Both in one transaction, so the baseline is never this reading itself.
    /// </summary>
    public Task<IReadOnlyList<SourceColumn>?> BaselineThenRecordTableAsync(
        Guid connectionId, string? schema, string table, IReadOnlyList<SourceColumn> columns, DateTimeOffset readAt, DateTimeOffset? baselineAt,
        CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (transaction, token) =>
        {
            await LockAsync(transaction, connectionId, token);
            var baseline = baselineAt is { } at ? await TableAsOfAsync(transaction, connectionId, schema, table, at, token) : null;
            var latest = await db.SchemaSnapshotHistory.AsNoTracking().Where(h => h.ConnectionId == connectionId)
                .OrderByDescending(h => h.ReadAt).ThenByDescending(h => h.Id).Select(h => h.Tables).FirstOrDefaultAsync(token);
            var tables = latest is null ? [] : JsonSerializer.Deserialize<List<SourceTable>>(latest, Json)!;
            tables.RemoveAll(t => string.Equals(t.Name, table, StringComparison.Ordinal) && (schema is null || string.Equals(t.Schema, schema, StringComparison.Ordinal)));
            if (columns.Count > 0)
            {
                tables.Add(new SourceTable(schema ?? "", table, columns));
            }

            await AppendIfChangedAsync(transaction, connectionId, tables, readAt, token);
            await transaction.CommitAsync(token);
            return baseline;
        }, cancellationToken);

    private async Task<IReadOnlyList<SourceColumn>?> TableAsOfAsync(
        IDbContextTransaction transaction, Guid connectionId, string? schema, string table, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, """
            SELECT t -> 'columns'
            FROM dq.schema_snapshot_history h, jsonb_array_elements(h.tables) t
            WHERE h.id = (SELECT id FROM dq.schema_snapshot_history WHERE connection_id = @connection AND read_at <= @at
                          ORDER BY read_at DESC, id DESC LIMIT 1)
              AND t ->> 'name' = @table AND (@schema::text IS NULL OR t ->> 'schema' = @schema)
            LIMIT 1
            """);
        command.Parameters.AddWithValue("connection", connectionId);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("schema", (object?)schema ?? DBNull.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<List<SourceColumn>>(json, Json)
            : null;
    }

    private async Task AppendIfChangedAsync(
        IDbContextTransaction transaction, Guid connectionId, IEnumerable<SourceTable> tables, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        var canonical = JsonSerializer.Serialize(
            tables.OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList(), Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        // Only when the content changed; then the newest rows alone are kept (the one just added among them).
        await using var command = Command(transaction, """
            WITH added AS (
                INSERT INTO dq.schema_snapshot_history (connection_id, read_at, content_hash, tables)
                SELECT @connection, @read_at, @hash, @tables::jsonb
                WHERE @hash IS DISTINCT FROM (SELECT content_hash FROM dq.schema_snapshot_history WHERE connection_id = @connection
                                              ORDER BY read_at DESC, id DESC LIMIT 1)
                RETURNING id)
            DELETE FROM dq.schema_snapshot_history
            WHERE EXISTS (SELECT 1 FROM added) AND connection_id = @connection AND id IN (
                SELECT id FROM dq.schema_snapshot_history WHERE connection_id = @connection ORDER BY read_at DESC, id DESC OFFSET @kept)
            """);
        command.Parameters.AddWithValue("connection", connectionId);
        command.Parameters.AddWithValue("read_at", readAt);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("tables", canonical);
        // The row being added is not visible to the DELETE's snapshot: keep one fewer of the earlier ones.
        command.Parameters.AddWithValue("kept", Math.Max(options.Value.SchemaHistoryKept - 1, 0));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task LockAsync(IDbContextTransaction transaction, Guid connectionId, CancellationToken cancellationToken)
    {
        var key = connectionId.ToString();
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('dq.schema_history'), hashtext({key}))", cancellationToken);
    }

    private NpgsqlCommand Command(IDbContextTransaction transaction, string sql) =>
        new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
}
