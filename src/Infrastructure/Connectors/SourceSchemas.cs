using System.Security.Cryptography;
using System.Text.Json;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// Reads a connection's tables and columns, through the shared snapshot while it is younger than
/// <see cref="CheckEngineOptions.SchemaCacheTtl"/> and not older than the connection's last change. Every fresh
/// reading is also offered to <see cref="SchemaHistoryStore"/>.
/// </summary>
public sealed class SourceSchemas(
    DqDbContext db, SourceConnectors connectors, ConnectionConfigProtector protector, IOptions<CheckEngineOptions> options, IClock clock,
    SchemaHistoryStore history)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ConnectionSettings SettingsOf(Connection connection)
    {
        string config;
        try
        {
            config = protector.Unprotect(connection.ConfigEncrypted);
        }
        catch (CryptographicException)
        {
            throw new ConnectionConfigUnreadableException(KeyIdOf(connection.ConfigEncrypted));
        }

        return ConnectionSettings.Parse(config);
    }

    // Damaged data may not even hold a key id.
    private static string KeyIdOf(byte[] sealedConfig) =>
        sealedConfig.Length >= 2 && sealedConfig.Length >= 2 + sealedConfig[1] ? ConnectionConfigProtector.KeyIdOf(sealedConfig) : "unknown";

    public async Task<SourceSchema> GetAsync(Connection connection, bool refresh, CancellationToken cancellationToken)
    {
        var connector = connectors.For(connection.Type);
        var now = clock.UtcNow;
        if (!refresh)
        {
            var snapshot = await db.SchemaSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ConnectionId == connection.Id, cancellationToken);
            if (snapshot is not null && snapshot.ReadAt > now - options.Value.SchemaCacheTtl && snapshot.ReadAt >= connection.UpdatedAt)
            {
                return new SourceSchema(JsonSerializer.Deserialize<List<SourceTable>>(snapshot.Tables, Json)!, snapshot.ReadAt);
            }
        }

        var tables = await connector.ReadSchemaAsync(SettingsOf(connection), options.Value.ConnectionTestTimeout, cancellationToken);
        var schema = new SourceSchema(tables, clock.UtcNow);
        var json = JsonSerializer.Serialize(schema.Tables, Json);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dq.connection_schemas (connection_id, tables, read_at) VALUES ({connection.Id}, {json}::jsonb, {schema.ReadAt})
            ON CONFLICT (connection_id) DO UPDATE SET tables = EXCLUDED.tables, read_at = EXCLUDED.read_at
            """, cancellationToken);
        // Every reading also joins the history when its content is new (what schema drift checks compare with).
        await history.RecordAsync(connection.Id, schema.Tables, schema.ReadAt, cancellationToken);
        return schema;
    }
}
