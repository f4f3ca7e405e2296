using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// The measuring half of a <c>schema_drift</c> run: reads the table's columns from the source (read-only, within the
/// sensor's time limit), takes as baseline the table in the connection's schema snapshot that was newest at the
/// check's previous run, records the reading into the history, and leaves the verdict to
/// <see cref="SchemaDriftCheck.JudgeDrift"/>. A run whose result was never stored (cancelled) leaves the previous
/// run's time as it was, so a change is reported by the next stored run rather than lost.
/// </summary>
public sealed class SchemaDriftSensor(
    DqDbContext db, SourceConnectors connectors, SourceSchemas schemas, SchemaHistoryStore history, IOptions<CheckEngineOptions> options, IClock clock)
{
    public async Task<RuleOutcome> MeasureAsync(
        CheckDefinition check, Connection connection, CheckTargets.Target target, CheckConfig config, CancellationToken cancellationToken)
    {
        var connector = connectors.For(connection.Type);
        var columns = await connector.ReadTableColumnsAsync(schemas.SettingsOf(connection), target.Schema, target.Table, options.Value.SensorTimeout, cancellationToken);
        var previousRunAt = await db.CheckResults.AsNoTracking().Where(r => r.CheckId == check.Id)
            .OrderByDescending(r => r.ExecutedAt).Select(r => (DateTimeOffset?)r.ExecutedAt).FirstOrDefaultAsync(cancellationToken);
        var now = clock.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var baseline = await history.BaselineThenRecordTableAsync(connection.Id, target.Schema, target.Table, columns, now, previousRunAt, cancellationToken);
        return SchemaDriftCheck.JudgeDrift(config, baseline?.Select(Shape).ToList(), [.. columns.Select(Shape)]);
    }

    private static ColumnShape Shape(SourceColumn column) => new(column.Name, column.DataType);
}
