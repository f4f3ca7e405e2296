using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Connectors;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// Resolves a check's table and column against the source schema, so sensors use the names as the database spells
/// them and a check on a table that is not there fails with a plain reason instead of a driver error.
/// </summary>
public sealed class CheckTargets(SourceSchemas schemas)
{
    public sealed record Target(string? Schema, string Table, string? Column);

    public async Task<Target> ResolveAsync(CheckDefinition check, Connection connection, CancellationToken cancellationToken)
    {
        // A type the catalog lacks is the sensor's to refuse, after the target: resolved like any table check here.
        var type = CheckCatalog.Find(check.CheckType);
        if (type?.RunsUserSql == true)
        {
            // Its SQL names its own tables; the target is only a label for dashboards.
            return new Target(check.TargetSchema, check.TargetTable, null);
        }

        // Schema-level checks measure absence themselves; they only borrow the spelling when the table exists.
        var measuresAbsence = type?.MeasuresAbsence == true;
        var schema = await schemas.GetAsync(connection, refresh: false, cancellationToken);
        var table = Find(schema, check, connection);
        if (table is null || (check.TargetColumn is { } c && table.Column(c) is null && !measuresAbsence))
        {
            // The snapshot may predate a new table or column: look once more before calling it missing.
            schema = await schemas.GetAsync(connection, refresh: true, cancellationToken);
            table = Find(schema, check, connection);
        }

        if (table is null)
        {
            return measuresAbsence
                ? new Target(check.TargetSchema, check.TargetTable, check.TargetColumn)
                : throw new SourceException($"Table '{Describe(check)}' was not found in the source database.");
        }

        string? column = null;
        if (check.TargetColumn is { } name)
        {
            column = table.Column(name)?.Name ?? (measuresAbsence
                ? name
                : throw new SourceException($"Column '{name}' was not found in table '{Describe(check)}'."));
        }

        // Always qualified: an unqualified name would depend on the source session's search path.
        return new Target(table.Schema, table.Name, column);
    }

    /// <summary>
    /// Names the table and column must have in the source, checked when the connection last tested healthy. An
    /// unreachable source does not block saving: every run resolves the names again before building any SQL.
    /// </summary>
    public async Task VerifyOnSaveAsync(CheckDefinition check, Connection connection, CancellationToken cancellationToken)
    {
        if (connection.Status != ConnectionStatus.Healthy || check.Type.MeasuresAbsence || check.Type.RunsUserSql)
        {
            return;
        }

        SourceSchema schema;
        try
        {
            schema = await schemas.GetAsync(connection, refresh: false, cancellationToken);
            if (Find(schema, check, connection) is null)
            {
                schema = await schemas.GetAsync(connection, refresh: true, cancellationToken);
            }
        }
        catch (DomainException)
        {
            return;
        }

        var table = Find(schema, check, connection) ?? throw new ValidationException(
            $"Table '{check.TargetTable}' does not exist in connection '{connection.Name}'.", "targetTable");
        if (check.TargetColumn is { } column && table.Column(column) is null)
        {
            throw new ValidationException($"Column '{column}' does not exist in table '{table.Schema}.{table.Name}'.", "targetColumn");
        }
    }

    /// <summary>The check's table as the schema spells it (case-insensitive; without a schema, the default schema first).</summary>
    public static SourceTable? Find(SourceSchema schema, CheckDefinition check, Connection connection)
    {
        return check.TargetSchema is null
            ? schema.Tables.Where(t => string.Equals(t.Name, check.TargetTable, StringComparison.OrdinalIgnoreCase))
                .OrderBy(t => t.Name == check.TargetTable ? 0 : 1)
                .ThenBy(t => DefaultSchemaRank(t.Schema, connection.Type))
                .FirstOrDefault()
            : schema.Tables.FirstOrDefault(t => string.Equals(t.Schema, check.TargetSchema, StringComparison.OrdinalIgnoreCase)
                && string.Equals(t.Name, check.TargetTable, StringComparison.OrdinalIgnoreCase));
    }

    private static int DefaultSchemaRank(string schema, ConnectionType type) =>
        (type, schema) switch
        {
            (ConnectionType.Postgresql or ConnectionType.Redshift, "public") => 0,
            (ConnectionType.Sqlserver, "dbo") => 0,
            _ => 1,
        };

    private static string Describe(CheckDefinition check) =>
        check.TargetSchema is null ? check.TargetTable : $"{check.TargetSchema}.{check.TargetTable}";
}
