using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace DqPlatform.TestSupport;

/// <summary>
/// A database of its own for one test class (use as <c>IClassFixture</c>), copied from a template migrated once per
/// test process, so test classes run in parallel and in any order without seeing each other's rows.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private const string TemplateName = "dqp_template";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly HashSet<string> TemplatesReady = [];

    private readonly Func<Task<ITestServer>> _server;

    /// <summary>On the suite's shared server.</summary>
    public PostgresDatabase()
        : this(TestServers.PostgresAsync)
    {
    }

    // Not public: a class fixture has one public constructor.
    private PostgresDatabase(Func<Task<ITestServer>> server) => _server = server;

    /// <summary>A database on the server <paramref name="server"/> starts (or finds), for tests that restart it.</summary>
    public static PostgresDatabase On(Func<Task<ITestServer>> server) => new(server);

    public string ConnectionString { get; private set; } = "";
    public string AdminConnectionString { get; private set; } = "";
    public string Name { get; } = "dqp_t_" + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        AdminConnectionString = (await _server()).ConnectionString;
        await EnsureTemplateAsync(AdminConnectionString);
        await CopyTemplateAsync(AdminConnectionString, Name);
        ConnectionString = WithDatabase(AdminConnectionString, Name);
    }

    public async Task DisposeAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(conn);
        await ExecuteAdminAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    /// <summary>The connection a user would register for this database as a source (what the connectors receive).</summary>
    public DqPlatform.Infrastructure.Connectors.ConnectionSettings SourceSettings
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            return new DqPlatform.Infrastructure.Connectors.ConnectionSettings(b.Host!, b.Port, b.Database!, b.Username!, b.Password, null, "Disable");
        }
    }

    /// <summary>Runs DDL/DML as the database's owner.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public DqDbContext CreateDqContext()
    {
        var options = new DbContextOptionsBuilder<DqDbContext>();
        options.UseDqPostgres(ConnectionString);
        return new DqDbContext(options.Options);
    }

    public QueryDataDbContext CreateDataContext()
    {
        var options = new DbContextOptionsBuilder<QueryDataDbContext>();
        options.UseQueryDataPostgres(ConnectionString);
        return new QueryDataDbContext(options.Options);
    }

    /// <summary>Creates an empty database (no migrations applied) and returns its connection string.</summary>
    public static async Task<string> CreateEmptyAsync(string name)
    {
        var admin = (await TestServers.PostgresAsync()).ConnectionString;
        await ExecuteAdminAsync(admin, $"CREATE DATABASE \"{name}\"");
        return WithDatabase(admin, name);
    }

    public static async Task DropAsync(string name)
    {
        var admin = (await TestServers.PostgresAsync()).ConnectionString;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Applies every migration of both schemas, as the server does at start-up.</summary>
    public static async Task MigrateAsync(string connectionString)
    {
        var dq = new DbContextOptionsBuilder<DqDbContext>();
        dq.UseDqPostgres(connectionString);
        await using (var context = new DqDbContext(dq.Options))
        {
            await context.Database.MigrateAsync();
        }

        var data = new DbContextOptionsBuilder<QueryDataDbContext>();
        data.UseQueryDataPostgres(connectionString);
        await using (var context = new QueryDataDbContext(data.Options))
        {
            await context.Database.MigrateAsync();
        }
    }

    private static async Task EnsureTemplateAsync(string admin)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (TemplatesReady.Contains(admin))
            {
                return;
            }

            await ExecuteAdminAsync(admin, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
            await ExecuteAdminAsync(admin, $"CREATE DATABASE {TemplateName}");
            // CREATE DATABASE … TEMPLATE needs the template to have no open sessions: no pooled ones may linger.
            var template = new NpgsqlConnectionStringBuilder(WithDatabase(admin, TemplateName)) { Pooling = false }.ConnectionString;
            await MigrateAsync(template);

            TemplatesReady.Add(admin);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    // PostgreSQL refuses to copy a template while another session uses it, and that includes another copy in flight:
    // copies are made one at a time, and a copy that still meets a lingering session is retried.
    private static async Task CopyTemplateAsync(string admin, string name)
    {
        await TemplateLock.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteAdminAsync(admin, $"CREATE DATABASE \"{name}\" TEMPLATE {TemplateName}");
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
                {
                    await Task.Delay(100);
                }
            }
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteAdminAsync(string admin, string sql)
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}
