namespace DqPlatform.Domain.Checks.Types;

/// <summary><c>custom_sql</c>: the tenant's own read-only query returning one number, judged by bounds.</summary>
public sealed class CustomSqlCheck() : BoundedCheckType("custom_sql", CheckTargetType.Table, "A read-only SQL query returning one number.",
    extra: new ConfigField("sql", ConfigFieldKind.String, true, "SELECT returning a single numeric value."))
{
    public override bool RunsUserSql => true;

    public override string Sensor(SensorBuilder s, CheckConfig config) => ReadOnlySql.Require(config.Text("sql"), "config.sql");

    protected override void ValidateRules(CheckConfig config)
    {
        base.ValidateRules(config);
        ReadOnlySql.Require(config.Text("sql"), "config.sql");
    }
}
