using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Queries;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Tenancy;

/// <summary>An export in flight is capped by the room left in its workspace's export-bytes quota.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class ExportQuotaTests(ExportQuotaTests.Factory api) : IClassFixture<ExportQuotaTests.Factory>
{
    public const long QuotaBytes = 20_000;

    /// <summary>The API with its Hangfire server over a source database, exports in a folder of its own, a small byte quota.</summary>
    public sealed class Factory : CheckEngineFactory
    {
        private readonly string _results = Path.Combine(Path.GetTempPath(), "dqp-test-quota-exports-" + Guid.NewGuid().ToString("N")[..8]);

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(_results))
            {
                Directory.Delete(_results, recursive: true);
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Queries:ResultsPath", _results);
            builder.UseSetting("Dqp:Quotas:RetainedExportBytes", QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Export_ThatWouldPassTheRoomLeftInTheByteQuota_FailsAndKeepsNothing()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var queries = await QueryTestClient.CreateAsync(api.GraphQL(tenant.ApiKey), api.SourceConfig());
        var small = await queries.RunAsync("SELECT g FROM generate_series(1, 100) g", mode: "BATCH", format: "CSV");
        var kept = await queries.WaitAsync(small.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED", "FAILED");
        Assert.Equal("SUCCEEDED", kept.GetProperty("status").GetString());
        var keptBytes = kept.GetProperty("bytes").GetInt64();

        // About 33 bytes a row: 100,000 bytes, five times the quota.
        var big = await queries.RunAsync("SELECT g, md5(g::text) AS h FROM generate_series(1, 3000) g", mode: "BATCH", format: "CSV");
        var refused = await queries.WaitAsync(big.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED", "FAILED");

        Assert.Equal(("FAILED", "LIMIT_EXCEEDED"), (refused.GetProperty("status").GetString(), refused.GetProperty("errorCode").GetString()));
        Assert.Contains("RETAINED_EXPORT_BYTES", refused.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, refused.GetProperty("outputLocation").ValueKind);
        var quotas = (await queries.GraphQL.DataAsync("{ workspace { quotas { kind used } } }")).GetProperty("workspace").GetProperty("quotas");
        Assert.Equal(keptBytes, quotas.EnumerateArray().Single(q => q.GetProperty("kind").GetString() == "RETAINED_EXPORT_BYTES").GetProperty("used").GetInt64());
    }
}
