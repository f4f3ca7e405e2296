using MySqlConnector;
using Xunit;

namespace DqPlatform.TestSupport;

/// <summary>
/// An empty MariaDB database of its own for one test class (use as <c>IClassFixture</c>), on the server of
/// <see cref="TestServers.MariaDbAsync"/>, so test classes run in parallel without seeing each other's tables.
/// </summary>
public sealed class MariaDbDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public string AdminConnectionString { get; private set; } = "";

    // MariaDB names are at most 64 characters.
    public string Name { get; } = "dqp_t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The connection a user would register for this database (what the connectors receive).</summary>
    public DqPlatform.Infrastructure.Connectors.ConnectionSettings SourceSettings
    {
        get
        {
            var b = new MySqlConnectionStringBuilder(ConnectionString);
            return new DqPlatform.Infrastructure.Connectors.ConnectionSettings(b.Server, (int)b.Port, b.Database, b.UserID, b.Password, null, "None");
        }
    }

    /// <summary>Runs DDL/DML as the database's owner.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task InitializeAsync()
    {
        AdminConnectionString = (await TestServers.MariaDbAsync()).ConnectionString;
        ConnectionString = await CreateDatabaseAsync(Name);
    }

    public async Task DisposeAsync()
    {
        await using (var conn = new MySqlConnection(ConnectionString))
        {
            MySqlConnection.ClearPool(conn);
        }

        await DropDatabaseAsync(Name);
    }

    /// <summary>Creates an empty database (utf8mb4) and returns a connection string for it.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var admin = (await TestServers.MariaDbAsync()).ConnectionString;
        await ExecuteAdminAsync(admin, $"CREATE DATABASE {Quote(name)} CHARACTER SET utf8mb4");
        return new MySqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        var admin = (await TestServers.MariaDbAsync()).ConnectionString;
        await ExecuteAdminAsync(admin, $"DROP DATABASE IF EXISTS {Quote(name)}");
    }

    private static string Quote(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static async Task ExecuteAdminAsync(string admin, string sql)
    {
        await using var conn = new MySqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
