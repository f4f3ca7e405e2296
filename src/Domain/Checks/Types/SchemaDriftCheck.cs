using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Checks.Types;

/// <summary>
/// <c>schema_drift</c>: the table's columns now against the connection's schema snapshot as of the check's previous
/// run (see <see cref="SchemaDrift"/>). Not a SQL sensor: the runner reads the table's columns from the source and
/// calls <see cref="JudgeDrift"/>. The first run records the baseline and passes; a table that is gone has no columns.
/// </summary>
public sealed class SchemaDriftCheck() : CheckType(TypeName, CheckTargetType.Table,
    "Columns added, removed or changed type since the previous run, from the connection's schema snapshots.",
    [new ConfigField("detect", ConfigFieldKind.StringList, false, "Which changes fail: added, removed, typeChanged (default all three).")])
{
    public const string TypeName = "schema_drift";

    private static readonly Dictionary<string, ColumnChangeKind> Kinds = new(StringComparer.Ordinal)
    {
        ["added"] = ColumnChangeKind.Added,
        ["removed"] = ColumnChangeKind.Removed,
        ["typeChanged"] = ColumnChangeKind.TypeChanged,
    };

    public override bool MeasuresAbsence => true;

    // Only a fallback for callers that ask every type for SQL: the column count, which is what drift counts from.
    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        $"SELECT COUNT(*) FROM information_schema.columns WHERE {s.ColumnsWhere(withColumn: false)}";

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history) =>
        throw new InvalidOperationException("schema_drift is judged from column lists: use JudgeDrift.");

    /// <summary>
    /// The verdict: sensorValue is the number of changes of the detected kinds; every change found is named, the ones
    /// not detected as "(ignored)". Without a baseline the reading becomes one and passes.
    /// </summary>
    public static RuleOutcome JudgeDrift(CheckConfig config, IReadOnlyList<ColumnShape>? baseline, IReadOnlyList<ColumnShape> current)
    {
        if (baseline is null)
        {
            return new RuleOutcome(0, true, $"Baseline recorded: {current.Count} columns.");
        }

        var detected = Detected(config);
        var changes = SchemaDrift.Compare(baseline, current);
        var failing = changes.Where(c => detected.Contains(c.Kind)).ToList();
        if (changes.Count == 0)
        {
            return RuleOutcome.Pass(0);
        }

        var ignored = changes.Except(failing).ToList();
        var text = SchemaDrift.Describe(failing) + (ignored.Count == 0 ? "" : (failing.Count == 0 ? "" : "; ") + SchemaDrift.Describe(ignored) + " (ignored)");
        return new RuleOutcome(failing.Count, failing.Count == 0, text);
    }

    public static IReadOnlySet<ColumnChangeKind> Detected(CheckConfig config) =>
        config.TryGet("detect", out _) ? config.Texts("detect").Select(k => Kinds[k]).ToHashSet() : Kinds.Values.ToHashSet();

    protected override void ValidateRules(CheckConfig config)
    {
        if (config.TryGet("detect", out _) && config.Texts("detect").FirstOrDefault(k => !Kinds.ContainsKey(k)) is { } unknown)
        {
            throw new ValidationException($"'detect' may name added, removed and typeChanged, not '{unknown}'.", "config.detect");
        }
    }
}
