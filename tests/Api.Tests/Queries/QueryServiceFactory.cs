using DqPlatform.Api.Tests.Checks;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>
/// The API with its Hangfire server over a source database (the check engine's <c>orders</c>, plus <c>customers</c>,
/// an <c>events</c> log and a function that writes), exports in a folder of its own and a quick heartbeat.
/// </summary>
public sealed class QueryServiceFactory : CheckEngineFactory
{
    public string ResultsPath { get; } = Path.Combine(Path.GetTempPath(), "dqp-test-exports-" + Guid.NewGuid().ToString("N")[..8]);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteOnSourceAsync("""
            CREATE TABLE customers (email text PRIMARY KEY, name text NOT NULL, vip boolean NOT NULL DEFAULT false);
            INSERT INTO customers SELECT 'user' || i || '@example.com', 'Customer ' || i, i % 7 = 0 FROM generate_series(1, 50) i;
            CREATE TABLE side_effects (at timestamptz NOT NULL DEFAULT now());
            CREATE FUNCTION leave_a_mark() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO side_effects DEFAULT VALUES; RETURN 1; END $$;
            CREATE SEQUENCE order_numbers;
            """);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(ResultsPath))
        {
            Directory.Delete(ResultsPath, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Queries:ResultsPath", ResultsPath);
        builder.UseSetting("Dqp:Queries:Heartbeat", "00:00:00.250");
    }
}
