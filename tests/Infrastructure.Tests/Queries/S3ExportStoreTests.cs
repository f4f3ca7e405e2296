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

/// <summary>
/// The S3 export store against a real S3-compatible server (s3rver): parts, memory, abort, what it owns, a path per
/// attempt, bounded reads, a stalled store, and a store that refuses.
/// </summary>
public sealed class S3ExportStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PartSize = 5 << 20;

    private LocalS3Server _server = null!;

    public async Task InitializeAsync() => _server = await LocalS3Server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private S3ExportStore Store(string prefix = "", Action<S3ExportOptions>? configure = null)
    {
        var options = new S3ExportOptions
        {
            ServiceUrl = _server.ServiceUrl, Bucket = _server.Bucket, AccessKey = LocalS3Server.AccessKey, SecretKey = LocalS3Server.SecretKey,
            ForcePathStyle = true, PartSize = PartSize, Prefix = prefix,
        };
        configure?.Invoke(options);
        return new(
        Options.Create(new ExportStoreOptions { S3 = options }),
        Options.Create(new QueryOptions()),
        new SystemClock(),
        NullLogger<S3ExportStore>.Instance);
    }

    private string KeyOf(StoredExport stored) => stored.Location[$"s3://{_server.Bucket}/".Length..];

    private static async Task<StoredExport> WriteSmallAsync(S3ExportStore store, ExportTarget target, string text = "[{\"one\":1}]")
    {
        await using var upload = await store.BeginAsync(target, CancellationToken.None);
        await upload.Content.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
        return await upload.CommitAsync(CancellationToken.None);
    }

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
        using var stop = new CancellationTokenSource();
        // The sampler alone writes its peak; the test reads it from the task's result, after the sampler ended.
        var sampler = Task.Run(async () =>
        {
            long highest = 0;
            while (!stop.IsCancellationRequested)
            {
                highest = Math.Max(highest, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(20);
            }

            return highest;
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
        var peak = await sampler;
        output.WriteLine($"60 MiB in 5 MiB parts: peak heap growth {peak / 1048576.0:F1} MiB");
        Assert.Matches($"^s3://{_server.Bucket}/{target.RelativeFolder}/[0-9a-f]{{32}}/result\\.csv$", stored.Location);
        Assert.Equal(size, stored.Bytes);
        var key = KeyOf(stored);
        var calls = await _server.CallsWhenAsync(c => c.Contains($"complete {key} 200"));
        Assert.Equal(12, calls.Count(c => c.StartsWith($"part {key} ", StringComparison.Ordinal) && c.EndsWith(" 200", StringComparison.Ordinal)));
        // The part filling and the part uploading (plus the SDK's buffers), never the export.
        Assert.True(peak < 4L * PartSize, $"peak heap growth {peak:N0} B for a {size:N0} B export in {PartSize:N0} B parts");

        using var s3 = Client();
        using var read = await s3.GetObjectAsync(_server.Bucket, key);
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

        var calls = await _server.CallsWhenAsync(c => c.Any(a => a.StartsWith($"abort {target.RelativeFolder}/", StringComparison.Ordinal)));
        var key = calls.Single(c => c.StartsWith($"initiate {target.RelativeFolder}/", StringComparison.Ordinal))["initiate ".Length..];
        Assert.Contains(calls, c => c.StartsWith($"abort {key} ", StringComparison.Ordinal) && c.EndsWith(" removed", StringComparison.Ordinal));
        Assert.Equal(0, _server.IncompleteUploads);
        Assert.IsType<ExportMissing>(await store.FindAsync($"s3://{_server.Bucket}/{key}", target, CancellationToken.None));
    }

    [Fact]
    public async Task SmallUpload_IsOnePut_AndFoundAsASeekableStreamOfItsLength()
    {
        using var store = Store("tenant-a/");
        var target = Target("json");
        var stored = await WriteSmallAsync(store, target);
        Assert.StartsWith($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/", stored.Location, StringComparison.Ordinal);
        Assert.Equal(11L, stored.Bytes);
        Assert.DoesNotContain(_server.Calls, c => c.StartsWith($"initiate tenant-a/{target.RelativeFolder}", StringComparison.Ordinal));
        var found = Assert.IsType<ExportFound>(await store.FindAsync(stored.Location, target, CancellationToken.None));
        await using var content = found.Content;
        Assert.Equal(11, content.Length);
        content.Seek(2, SeekOrigin.Begin);
        var tail = new byte[9];
        await content.ReadExactlyAsync(tail);
        Assert.Equal("\"one\":1}]", System.Text.Encoding.UTF8.GetString(tail));
    }

    [Fact]
    public void Owns_OnlyTheRunsOwnKeys_InItsBucketUnderItsPrefix()
    {
        using var store = Store("tenant-a/");
        var target = Target();
        var attempt = ExportTarget.NewAttempt();
        var key = target.RelativePathOf(attempt);
        Assert.True(store.Owns($"s3://{_server.Bucket}/tenant-a/{key}", target));
        Assert.True(store.Owns($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/result.csv", target)); // before attempts had paths
        Assert.False(store.Owns($"s3://{_server.Bucket}/{key}", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-b/{key}", target));
        Assert.False(store.Owns($"s3://other-bucket/tenant-a/{key}", target));
        Assert.False(store.Owns($"file:///tmp/tenant-a/{key}", target));

        // Crafted locations: another run's, another tenant's, another format, the bucket's root, a prefix of the run, a walk.
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{key}", target with { QueryResultId = Guid.NewGuid() }));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{key}", target with { OrganizationId = Guid.NewGuid() }));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{key}", target with { Format = "json" }));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/results/", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/../../other/{attempt}/result.csv", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/{attempt}/x/result.csv", target));
        Assert.False(store.Owns($"s3://{_server.Bucket}/tenant-a/{target.RelativeFolder}/{attempt.ToUpperInvariant()}/result.csv", target));
    }

    [Fact]
    public async Task CraftedLocation_OfAnotherTenantsExport_IsNeitherReadNorPresignedNorDeleted()
    {
        using var store = Store(configure: o => o.PresignDownloads = true);
        var victim = Target();
        var stored = await WriteSmallAsync(store, victim);
        var attacker = Target();

        // The victim's location on the attacker's run: not the attacker's run's location, so not this store's.
        Assert.IsType<ExportUnreachable>(await store.FindAsync(stored.Location, attacker, CancellationToken.None));
        await store.DeleteAsync(stored.Location, attacker, CancellationToken.None);
        Assert.IsType<ExportRedirect>(await store.FindAsync(stored.Location, victim, CancellationToken.None));
    }

    [Fact]
    public async Task EachAttempt_WritesItsOwnKey_SoTheLoserDeletesOnlyItsOwn()
    {
        using var store = Store();
        var target = Target();
        var winner = await WriteSmallAsync(store, target, "[1]");
        var loser = await WriteSmallAsync(store, target, "[22]");
        Assert.NotEqual(winner.Location, loser.Location);

        await store.DeleteAsync(loser.Location, target, CancellationToken.None);
        Assert.IsType<ExportMissing>(await store.FindAsync(loser.Location, target, CancellationToken.None));
        var found = Assert.IsType<ExportFound>(await store.FindAsync(winner.Location, target, CancellationToken.None));
        await using var content = found.Content;
        Assert.Equal(3, content.Length);
    }

    [Fact]
    public async Task RangedReads_GetBoundedWindows_NotTheRestOfTheObject()
    {
        using var store = Store();
        var target = Target();
        const long size = 12L << 20;
        StoredExport stored;
        byte[] written;
        await using (var upload = await store.BeginAsync(target, CancellationToken.None))
        {
            written = await Task.Run(() => Write(upload.Content, size));
            stored = await upload.CommitAsync(CancellationToken.None);
        }

        var key = KeyOf(stored);
        var found = Assert.IsType<ExportFound>(await store.FindAsync(stored.Location, target, CancellationToken.None));
        await using (var content = found.Content)
        {
            // A 100-byte range in the middle, as ASP.NET serves "Range: bytes=6291456-6291555".
            content.Seek(6L << 20, SeekOrigin.Begin);
            await content.ReadExactlyAsync(new byte[100]);
        }

        var ranges = Ranges(await _server.CallsWhenAsync(c => Ranges(c).Count >= 1));
        output.WriteLine("100 bytes at 6 MiB: " + string.Join(", ", ranges.Select(r => $"{r.From}-{r.To}")));
        var range = Assert.Single(ranges);
        Assert.Equal(6L << 20, range.From);
        Assert.InRange(range.To - range.From + 1, 100, S3ObjectStream.FirstWindow);

        // A whole download: windows growing to 8 MiB, byte-identical.
        var whole = Assert.IsType<ExportFound>(await store.FindAsync(stored.Location, target, CancellationToken.None));
        await using (var content = whole.Content)
        {
            Assert.Equal(written, await SHA256.HashDataAsync(content));
        }

        ranges = Ranges(await _server.CallsWhenAsync(c => Ranges(c).Sum(r => r.To - r.From + 1) >= size + S3ObjectStream.FirstWindow))[1..];
        output.WriteLine($"12 MiB read whole in {ranges.Count} GETs: " + string.Join(", ", ranges.Select(r => $"{r.From}-{r.To}")));
        Assert.Equal(size, ranges.Sum(r => r.To - r.From + 1));
        Assert.All(ranges, r => Assert.True(r.To - r.From + 1 <= S3ObjectStream.MaxWindow));
        Assert.InRange(ranges.Count, 2, 8);

        List<(long From, long To)> Ranges(IReadOnlyList<string> calls) => [.. calls
            .Where(c => c.StartsWith($"get {key} bytes=", StringComparison.Ordinal))
            .Select(c => c[$"get {key} bytes=".Length..].Split(' ')[0].Split('-'))
            .Select(r => (long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    [Fact]
    public async Task StalledStore_CancellingTheRun_StopsTheWriterAndThePartInFlight()
    {
        // A store request may take ten minutes: only the run's cancellation can end the wait within the test's deadline.
        // (Retries stay on: a connection the frozen server left half-open may fail the abort's first try.)
        using var store = Store(configure: o => o.Timeout = TimeSpan.FromMinutes(10));
        var target = Target();
        using var run = new CancellationTokenSource();
        var upload = await store.BeginAsync(target, run.Token);
        try
        {
            // The first part goes up; the server then freezes with the second in flight, and the third waits for it.
            await Task.Run(() => Write(upload.Content, PartSize + 1));
            await _server.CallsWhenAsync(c => c.Any(a => a.StartsWith($"part {target.RelativeFolder}/", StringComparison.Ordinal)));
            await _server.PauseProcessAsync();
            var writer = Task.Run(() => Write(upload.Content, 3L * PartSize));
            await Task.Delay(500);
            Assert.False(writer.IsCompleted, "the writer did not wait for the frozen store");

            await run.CancelAsync();
            var ended = await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(ended == writer, "the writer still waits for the frozen store 60 s after the run was cancelled");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer);
        }
        finally
        {
            await _server.ResumeProcessAsync();
        }

        await upload.DisposeAsync();
        var calls = await _server.CallsWhenAsync(c => c.Any(a => a.StartsWith($"abort {target.RelativeFolder}/", StringComparison.Ordinal)));
        Assert.Contains(calls, c => c.StartsWith($"abort {target.RelativeFolder}/", StringComparison.Ordinal) && c.EndsWith(" removed", StringComparison.Ordinal));
        Assert.Equal(0, _server.IncompleteUploads);
    }

    [Fact]
    public async Task MissingBucket_OrRefusedCredentials_AreMisconfigured_NotMissingNorAnOutage()
    {
        var target = Target();
        using var written = Store();
        var stored = await WriteSmallAsync(written, target);

        // A HEAD's 404 for a bucket that is not there is not an export that expired.
        using var noBucket = Store(configure: o => o.Bucket = "no-such-bucket");
        var location = stored.Location.Replace($"s3://{_server.Bucket}/", "s3://no-such-bucket/", StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => noBucket.FindAsync(location, target, CancellationToken.None));
        Assert.True(missing.Misconfigured, missing.Message);
        Assert.Contains("NoSuchBucket", missing.Message, StringComparison.Ordinal);

        // An access key the store does not know is refused (403 InvalidAccessKeyId), for ever, not "down".
        using var wrongKey = Store(configure: o => o.AccessKey = "NOT-A-KEY");
        var refused = await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => wrongKey.FindAsync(stored.Location, target, CancellationToken.None));
        Assert.True(refused.Misconfigured, refused.Message);
        output.WriteLine(missing.Message + "\n" + refused.Message);

        // And a deleted export stays missing.
        await written.DeleteAsync(stored.Location, target, CancellationToken.None);
        Assert.IsType<ExportMissing>(await written.FindAsync(stored.Location, target, CancellationToken.None));
    }

    [Fact]
    public async Task StoreDown_FindAndDelete_ThrowUnavailable()
    {
        using var store = Store();
        var target = Target();
        var location = $"s3://{_server.Bucket}/{target.RelativePathOf(ExportTarget.NewAttempt())}";
        await _server.StopProcessAsync();
        Assert.False((await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => store.FindAsync(location, target, CancellationToken.None))).Misconfigured);
        Assert.False((await Assert.ThrowsAsync<ExportStoreUnavailableException>(() => store.DeleteAsync(location, target, CancellationToken.None))).Misconfigured);
    }
}
