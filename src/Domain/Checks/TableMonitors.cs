using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Checks;

/// <summary>A source table as monitors see it: its schema, name and columns.</summary>
public sealed record MonitoredTable(string Schema, string Name, IReadOnlyList<ColumnShape> Columns);

/// <summary>What a person asks monitors to be: on which schedule, at which severity, how stale is too stale.</summary>
public sealed record MonitorSettings(CheckSeverity Severity, double FreshnessMaxAgeSeconds = MonitorSettings.DefaultFreshnessMaxAgeSeconds)
{
    public const double DefaultFreshnessMaxAgeSeconds = 86_400;
}

/// <summary>
/// The monitors of a table (<c>createTableMonitors</c>): a row-count <c>anomaly</c> check (volume), a <c>freshness</c>
/// check on its most likely timestamp column when it has one (<see cref="TimestampColumn"/>), and a
/// <c>schema_drift</c> check. A monitor is known by its name, which the table and kind decide
/// (<see cref="NameOf"/>), and by the <see cref="Tag"/>: the unique (connection, name) key of checks makes creating
/// them twice create nothing new; <c>MonitorStore</c> applies that in one transaction under the workspace's check lock.
/// </summary>
public static class TableMonitors
{
    public const string Tag = "monitor";

    public const string VolumeConfig = """{"maxStdDevs": 3, "window": 14}""";

    // Names that say "this row changed or arrived at", most telling first: a table's last update is the freshest signal.
    private static readonly string[] PreferredNames =
        ["updated_at", "modified_at", "changed_at", "loaded_at", "ingested_at", "inserted_at", "created_at", "event_time", "timestamp"];

    public static IReadOnlyList<CheckSpec> For(MonitoredTable table, MonitorSettings settings)
    {
        var specs = new List<CheckSpec>
        {
            Spec("volume", table, "anomaly", null, VolumeConfig, settings),
        };
        if (TimestampColumn(table.Columns) is { } column)
        {
            var config = string.Create(CultureInfo.InvariantCulture, $$"""{"maxAgeSeconds": {{settings.FreshnessMaxAgeSeconds}}}""");
            specs.Add(Spec("freshness", table, "freshness", column, config, settings));
        }

        specs.Add(Spec("schema", table, SchemaDriftCheck.TypeName, null, "{}", settings));
        return specs;
    }

    /// <summary>
    /// The column freshness watches, or null when none holds timestamps. Only columns of a date/time type qualify
    /// (timestamp…, datetime…, date; a text column named updated_at does not). Among them: the names in
    /// <see cref="PreferredNames"/> in that order (case-insensitive), then names ending in <c>_at</c>, <c>_time</c>,
    /// <c>_ts</c> or <c>_date</c>, then any; timestamps before plain dates; ties go to the first column of the table.
    /// </summary>
    public static string? TimestampColumn(IReadOnlyList<ColumnShape> columns) =>
        columns.Select((c, i) => (Column: c, Index: i, Kind: TemporalKind(c.DataType)))
            .Where(c => c.Kind > 0)
            .OrderBy(c => NameRank(c.Column.Name))
            .ThenByDescending(c => c.Kind)
            .ThenBy(c => c.Index)
            .Select(c => c.Column.Name)
            .FirstOrDefault();

    /// <summary>The monitor's check name: kind and table, shortened with a hash suffix past the name limit.</summary>
    public static string NameOf(string kind, string schema, string table)
    {
        var name = $"monitor {kind} {schema}.{table}";
        if (name.Length <= Common.Names.MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        return name[..(Common.Names.MaxLength - 13)] + "~" + hash;
    }

    private static CheckSpec Spec(string kind, MonitoredTable table, string type, string? column, string config, MonitorSettings settings) =>
        new(NameOf(kind, table.Schema, table.Name), type, table.Schema, table.Name, column, config, [Tag],
            Description: $"Monitor ({kind}) created by createTableMonitors.", Severity: settings.Severity);

    // 2 for a date and time, 1 for a date alone, 0 for anything else.
    private static int TemporalKind(string dataType)
    {
        var type = dataType.Trim().ToLowerInvariant();
        return type.StartsWith("timestamp", StringComparison.Ordinal) || type.Contains("datetime", StringComparison.Ordinal) ? 2
            : type == "date" ? 1
            : 0;
    }

    private static int NameRank(string name)
    {
        var lower = name.ToLowerInvariant();
        var preferred = Array.IndexOf(PreferredNames, lower);
        if (preferred >= 0)
        {
            return preferred;
        }

        return lower.EndsWith("_at", StringComparison.Ordinal) || lower.EndsWith("_time", StringComparison.Ordinal)
            || lower.EndsWith("_ts", StringComparison.Ordinal) || lower.EndsWith("_date", StringComparison.Ordinal)
            ? PreferredNames.Length
            : PreferredNames.Length + 1;
    }
}
