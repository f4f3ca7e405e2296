namespace DqPlatform.Domain.Checks;

/// <summary>The SQL a sensor runs and the values bound to it. Config values only ever travel as parameters.</summary>
public sealed record SensorQuery(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters, bool UserSql = false)
{
    /// <summary>
    /// The sensor of a check whose target was resolved against the source schema: <paramref name="schema"/>,
    /// <paramref name="table"/> and <paramref name="column"/> are the names as the database spells them.
    /// </summary>
    public static SensorQuery For(string checkType, string configJson, ISensorDialect dialect, string? schema, string table, string? column) =>
        For(CheckCatalog.Get(checkType), CheckConfig.Parse(configJson), dialect, schema, table, column);

    public static SensorQuery For(CheckType type, CheckConfig config, ISensorDialect dialect, string? schema, string table, string? column)
    {
        var sensor = new SensorBuilder(dialect, schema, table, column);
        var sql = type.Sensor(sensor, config);
        return new SensorQuery(sql, sensor.Parameters, UserSql: type.RunsUserSql);
    }
}
