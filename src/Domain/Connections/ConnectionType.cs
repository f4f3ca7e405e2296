namespace DqPlatform.Domain.Connections;

/// <summary>
/// Source database kinds (PostgreSQL enum <c>connection_type</c>). Members are spelled so that lower-cased they are the
/// seed's labels and upper-cased the GraphQL values (POSTGRESQL, SQLSERVER…).
/// </summary>
public enum ConnectionType
{
    Postgresql,
    Mysql,
    Sqlserver,
    Bigquery,
    Snowflake,
    Redshift,
    Databricks,
}
