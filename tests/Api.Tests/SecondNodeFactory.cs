using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests;

/// <summary>
/// Another API node (with its own Hangfire server unless <paramref name="runJobs"/> is false) on the database, Redis and
/// encryption key of <paramref name="primary"/>.
/// </summary>
public sealed class SecondNodeFactory(DqApiFactory primary, bool runJobs = true) : DqApiFactory
{
    public override Task InitializeAsync()
    {
        RedisConnectionString = primary.RedisConnectionString;
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync() => await DisposeHostAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Postgres", primary.Database.ConnectionString);
        builder.UseSetting("Dqp:Encryption:Keys:test", primary.EncryptionKey);
        builder.UseSetting("Dqp:Jobs:QueuePollInterval", "00:00:01");
        builder.UseSetting("Dqp:Jobs:RunServer", runJobs ? "true" : "false");
    }
}
