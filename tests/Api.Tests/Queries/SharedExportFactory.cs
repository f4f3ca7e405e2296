using Amazon.Runtime;
using Amazon.S3;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>
/// A database with a source, a real S3-compatible server, and API nodes started as processes on them. The in-process
/// host runs no jobs (so a batch runs on the node a test chose) and is the node whose retention sweep tests call.
/// </summary>
public sealed class SharedExportFactory : CheckEngineFactory
{
    /// <summary>Parts of 5 MiB (S3's smallest) and a byte cap of 20 MiB, so exports of a few MiB take several parts.</summary>
    public const int PartSize = 5 << 20;

    public const long BatchBytes = 20L << 20;

    private readonly List<string> _folders = [];

    public LocalS3Server S3 { get; private set; } = null!;

    public string ResultsPath { get; } = Folder();

    public override async Task InitializeAsync()
    {
        S3 = await LocalS3Server.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
        foreach (var folder in _folders.Append(ResultsPath).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An API process with a results folder of its own, on the S3 store unless <paramref name="s3"/> is false.</summary>
    public Task<ApiProcess> StartNodeAsync(bool runJobs, bool s3 = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Folder();
        _folders.Add(folder);
        var all = new Dictionary<string, string>(s3 ? S3.NodeSettings() : [])
        {
            ["Dqp__Queries__ResultsPath"] = folder,
            ["Dqp__Queries__Heartbeat"] = "00:00:00.250",
            ["Dqp__Queries__BatchBytes"] = BatchBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dqp__Exports__S3__PartSize"] = PartSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dqp__Jobs__RunServer"] = runJobs ? "true" : "false",
            ["Dqp__Jobs__QueuePollInterval"] = "00:00:01",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return ApiProcess.StartAsync(Database.ConnectionString, RedisConnectionString, EncryptionKey, all);
    }

    /// <summary>A client of the bucket, to look at what the nodes stored.</summary>
    public AmazonS3Client Bucket() => new(new BasicAWSCredentials(LocalS3Server.AccessKey, LocalS3Server.SecretKey), new AmazonS3Config
    {
        ServiceURL = S3.ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Jobs:RunServer", "false");
        builder.UseSetting("Dqp:Queries:ResultsPath", ResultsPath);
        foreach (var (name, value) in S3.NodeSettings())
        {
            builder.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
        }
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "dqp-test-exports-" + Guid.NewGuid().ToString("N")[..8]);
}
