namespace DqPlatform.TestSupport;

/// <summary>A server started (or found) for the test run; disposed when the test process exits.</summary>
public interface ITestServer : IAsyncDisposable
{
    /// <summary>
    /// For PostgreSQL an admin connection string (database <c>postgres</c>); for Redis a host:port; for MariaDB a
    /// MySqlConnector connection string without a database, for a user that may create databases.
    /// </summary>
    string ConnectionString { get; }
}
