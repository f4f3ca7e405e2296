namespace DqPlatform.Domain.Connections;

/// <summary>Source database kinds (PostgreSQL enum <c>connection_type</c>; labels are the lower-cased names).</summary>
public enum ConnectionType
{
    PostgreSql,
    MySql,
    SqlServer,
    BigQuery,
    Snowflake,
    Redshift,
    Databricks,
}
