using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using DqPlatform.Domain.Common;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Queries.Storage;
using DqPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>The S3 export store against a real S3-compatible server (s3rver): parts, memory, abort, what it owns.</summary>
public sealed class S3ExportStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PartSize = 5 << 20;

    private LocalS3Server _server = null!;

    public async Task InitializeAsync() => _server = await LocalS3Server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private S3ExportStore Store(string prefix = "") => new(
        Options.Create(new ExportStoreOptions
        {
            S3 = new S3ExportOptions
            {
                ServiceUrl = _server.ServiceUrl, Bucket = _server.Bucket, AccessKey = LocalS3Server.AccessKey, SecretKey = LocalS3Server.SecretKey,
                ForcePathStyle = true, PartSize = PartSize, Prefix = prefix,
            },
        }),
        Options.Create(new QueryOptions()),
        new SystemClock(),
        NullLogger<S3ExportStore>.Instance);

    private AmazonS3Client Client() => new(new BasicAWSCredentials(LocalS3Server.AccessKey, LocalS3Server.SecretKey), new AmazonS3Config
    {
        ServiceURL = _server.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private static ExportTarget Target(string format = "csv") => new(Guid.NewGuid(), Guid.NewGuid(), format);

    // Deterministic bytes that do not compress, written in the CSV exporter's way: synchronously, 64 KiB at a time.
    private static byte[] Write(Stream stream, long bytes)
    {
        var random = new Random(42);
        var chunk = new byte[64 << 10];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            random.NextBytes(chunk);
            var length = (int)Math.Min(chunk.Length, bytes - written);
            stream.Write(chunk, 0, length);
            hash.AppendData(chunk, 0, length);
        }

        return hash.GetHashAndReset();
    }

    [Fact]
    public async Task Upload_OfSixtyMiB_GoesInFiveMiBParts_KeepingAboutTwoPartsAlive()
    {
        using var store = Store();
        var target = Target();
        const long size = 60L << 20;
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(20);
            }
        });

        byte[] written;
        StoredExport stored;
        await using (var upload = await store.BeginAsync(target, CancellationToken.None))
        {
            written = await Task.Run(() => Write(upload.Content, size));
            Assert.Equal(size, upload.Content.Position);
            stored = await upload.CommitAsync(CancellationToken.None);
        }

        await stop.CancelAsync();
        await sampler;
        output.WriteLine($"60 MiB in 5 MiB parts: peak heap growth {peak / 1048576.0:F1} MiB");
        Assert.Equal(($"s3://{_server.Bucket}/{target.RelativePath}", size), (stored.Location, stored.Bytes));
        var calls = await _server.CallsWhenAsync(c => c.Contains($"complete {target.RelativePath} 200"));
        Assert.Equal(12, calls.Count(c => c.StartsWith($"part {target.RelativePath} ", StringComparison.Ordinal) && c.EndsWith(" 200", StringComparison.Ordinal)));
        // The part filling and the part uploading (plus the SDK's buffers), never the export.
        Assert.True(peak < 4L * PartSize, $"peak heap growth {peak:N0} B for a {size:N0} B export in {PartSize:N0} B parts");

        using var s3 = Client();
        using var read = await s3.GetObjectAsync(_server.Bucket, target.RelativePath);
        Assert.Equal(size, read.ContentLength);
        Assert.Equal("text/csv; charset=utf-8", read.Headers.ContentType);
        Assert.Equal(written, await SHA256.HashDataAsync(read.ResponseStream));
    }

    [Fact]
    public async Task Upload_DisposedUncommittedAfterParts_AbortsTheUpload_LeavingNothing()
    {
        using var store = Store();
        var target = Target("parquet");
        await using (var upload = await store.BeginAsync(target, CancellationToken.None))
        {
            await Task.Run(() => Write(upload.Content, 12L << 20));
        }

        var calls = await _server.CallsWhenAsync(c => c.Any(a => a.StartsWith($"abort {target.RelativePath} ", StringComparison.Ordinal)));
        Assert.Contains($"initiate {target.RelativePath}", calls);
        Assert.Contains(calls, c => c.StartsWith($"abort {target.RelativePath} ", StringComparison.Ordinal) && c.EndsWith(" removed", StringComparison.Ordinal));
        Assert.Equal(0, _server.IncompleteUploads);
        Assert.IsType<ExportMissing>(await store.FindAsync($"s3://{_server.Bucket}/{target.RelativePath}", target, CancellationToken.None));
    }

    [Fact]
    public async Task SmallUpload_IsOnePut_AndFoundAsASeekableStreamOfItsLength()
    {
        using var store = Store("tenant-a/");
        var target = Target("json");
        StoredExport stored;
        await using (var upload = await store.BeginAsync(target, CancellationToken.None))
        {
            await upload.Content.WriteAsync("[{\"one\":1}]"u8.ToArray());
            stored = await upload.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(($"s3://{_server.Bucket}/tenant-a/{target.RelativePath}", 11L), (stored.Location, stored.Bytes));
        Assert.DoesNotContain($"initiate tenant-a/{target.RelativePath}", _server.Calls);
        var found = Assert.IsType<ExportFound>(await store.FindAsync(stored.Location, target, CancellationToken.None));
        await using var content = found.Content;
        Assert.Equal(11, content.Length);
        content.Seek(2, SeekOrigin.Begin);
        var tail = new byte[9];
        await content.ReadExactlyAsync(tail);
        Assert.Equal("\"one\":1}]", System.Text.Encoding.UTF8.GetString(tail));
    }

    [Fact]
    public void Owns_OnlyLocationsInItsBucketUnderItsPrefix()
    {
        using var store = Store("tenant-a/");
        var key = $"results/{Guid.NewGuid():D}/{Guid.NewGuid():D}/result.csv";
        Assert.True(store.Owns($"s3://{_server.Bucket}/tenant-a/{key}"));
        Assert.False(store.Owns($"s3://{_server.Bucket}/{key}"));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-b/{key}"));
        Assert.False(store.Owns($"s3://other-bucket/tenant-a/{key}"));
        Assert.False(store.Owns($"file:///tmp/tenant-a/{key}"));
    }

    [Fact]
    public async Task StoreDown_FindAndDelete_ThrowUnavailable()
    {
        using var store = Store();
        var target = Target();
        var location = $"s3://{_server.Bucket}/{target.RelativePath}";
        await _server.StopProcessAsync();
        await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => store.FindAsync(location, target, CancellationToken.None));
        await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => store.DeleteAsync(location, target, CancellationToken.None));
    }
}
