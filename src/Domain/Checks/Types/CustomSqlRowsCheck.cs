using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Types;

/// <summary>
/// <c>custom_sql_rows</c>: the tenant's own read-only query returning the rows that break a rule (Soda's "failed rows",
/// Great Expectations' unexpected rows). The reading is how many rows it returns, failing above <c>max</c> (default 0);
/// a failing run keeps its first rows as the sample.
/// </summary>
public sealed class CustomSqlRowsCheck() : CheckType("custom_sql_rows", CheckTargetType.Table, "A read-only SQL query returning the failing rows; fails when it returns more than max (default 0).",
[
    new ConfigField("sql", ConfigFieldKind.String, true, "SELECT returning the rows that break the rule."),
    new ConfigField("max", ConfigFieldKind.Integer, false, "Fail when the query returns more rows than this (default 0)."),
    SampleSettings.Field,
])
{
    public override bool RunsUserSql => true;

    public override string Sensor(SensorBuilder s, CheckConfig config) =>
        $"SELECT COUNT(*) FROM ({ReadOnlySql.Require(config.Text("sql"), "config.sql")}) {SampleQuery.RowsAlias}";

    public override FailedRows FailedRows(SensorBuilder s, CheckConfig config) => Samples.FailedRows.Of(ReadOnlySql.Require(config.Text("sql"), "config.sql"));

    public override RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history)
    {
        var max = (decimal)(config.Number("max") ?? 0);
        var rows = reading.Value ?? 0;
        return rows > max
            ? RuleOutcome.Fail(rows, $"The query returned {Format(rows)} rows; at most {Format(max)} allowed.")
            : RuleOutcome.Pass(rows);
    }

    protected override void ValidateRules(CheckConfig config)
    {
        ReadOnlySql.Require(config.Text("sql"), "config.sql");
        if (config.Number("max") is < 0)
        {
            throw new ValidationException("'max' must not be negative.", "config.max");
        }
    }
}
