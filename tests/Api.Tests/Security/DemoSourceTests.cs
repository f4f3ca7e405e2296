using System.Text.Json;
using DqPlatform.Api.Tests.Queries;
using DqPlatform.Infrastructure.Demo;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Security;

/// <summary>
/// The run command's demo source lives on the platform's own cluster: its role reads the demo shop and nothing else —
/// no connection to the platform's database, no writes, no server files, no other sessions' statements.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DemoSourceTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task DemoReaderRole_ReadsShopAndReachesNothingOfPlatform()
    {
        var tenant = await TestTenant.CreateAsync(api);
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().EnsureAsync(tenant.WorkspaceId, api.Database.ConnectionString, CancellationToken.None);
        }

        await using var db = api.Database.CreateDqContext();
        var connection = await db.Connections.AsNoTracking().SingleAsync(c => c.WorkspaceId == tenant.WorkspaceId && c.Name == DemoSeeder.ConnectionName);
        using var config = JsonDocument.Parse(api.Services.GetRequiredService<ConnectionConfigProtector>().Unprotect(connection.ConfigEncrypted));
        var user = config.RootElement.GetProperty("user").GetString()!;
        Assert.Equal(DemoSeeder.ReaderRole, user);
        var platform = new NpgsqlConnectionStringBuilder(api.Database.ConnectionString);
        string As(string database) => new NpgsqlConnectionStringBuilder(api.Database.ConnectionString)
        {
            Database = database, Username = user, Password = config.RootElement.GetProperty("password").GetString(), Pooling = false,
        }.ConnectionString;

        foreach (var database in new[] { platform.Database!, "postgres" })
        {
            await using var denied = new NpgsqlConnection(As(database));
            var error = await Assert.ThrowsAsync<PostgresException>(() => denied.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }

        await using var demo = new NpgsqlConnection(As("dqp_demo"));
        await demo.OpenAsync();
        Assert.True(await ScalarAsync<long>(demo, "SELECT count(*) FROM shop.customers") > 0);
        foreach (var write in new[] { "CREATE TABLE shop.x (i int)", "DELETE FROM shop.orders", "SET default_transaction_read_only = off; CREATE TABLE public.x (i int)", "SELECT pg_read_file('PG_VERSION')" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(demo, write));
            Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.ReadOnlySqlTransaction });
        }

        // Other sessions exist (this test's own admin connection among them), but their statements stay hidden.
        await using var other = new NpgsqlConnection(api.Database.ConnectionString);
        await other.OpenAsync();
        await ScalarAsync<object>(other, "SELECT 'a statement of the platform'");
        var seen = await ScalarAsync<long>(demo, "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%platform%'");
        Assert.Equal(0, seen);
        Assert.True(await ScalarAsync<long>(demo, "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query = '<insufficient privilege>'") > 0);

        // And the demo works as a source through the API.
        var query = new QueryTestClient(api.GraphQL(tenant.ApiKey), DqPlatform.GraphQL.Relay.GlobalId.Encode("Connection", connection.Id));
        var run = await query.RunAsync("SELECT count(*) AS n FROM shop.orders");
        Assert.Equal("SUCCEEDED", run.GetProperty("result").GetProperty("status").GetString());
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
