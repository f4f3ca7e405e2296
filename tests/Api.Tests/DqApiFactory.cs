using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DqPlatform.Api.Tests;

/// <summary>The real API on a test server, over a database of its own and the shared test Redis.</summary>
public class DqApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();

    public string RedisConnectionString { get; set; } = "";

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        if (RedisConnectionString.Length == 0)
        {
            RedisConnectionString = (await TestServers.RedisAsync()).ConnectionString;
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", RedisConnectionString);
    }
}
