using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Queries.Storage;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>The local export store owns the folders it writes for a run on its own volume, and nothing else.</summary>
public sealed class LocalExportStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dqp-test-local-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private LocalExportStore Store(string folder) => new(Options.Create(new QueryOptions { ResultsPath = Path.Combine(_root, folder) }));

    private static async Task<StoredExport> WriteAsync(LocalExportStore store, ExportTarget target)
    {
        await using var upload = await store.BeginAsync(target, CancellationToken.None);
        await upload.Content.WriteAsync("id\n1\n"u8.ToArray());
        return await upload.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Location_NamesTheFolderAndVolume_AndIsFoundOnlyOnThatVolume()
    {
        var target = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var stored = await WriteAsync(Store("a"), target);
        Assert.Equal(5, stored.Bytes);
        Assert.Matches("^file:///.+/a/results/[0-9a-f-]{36}/[0-9a-f-]{36}/[0-9a-f]{32}/\\?volume=[0-9a-f]{32}$", stored.Location);
        Assert.IsType<ExportFound>(await Store("a").FindAsync(stored.Location, target, CancellationToken.None));

        // Another node with the same path on its own disk: same folder, another volume.
        var twin = Path.Combine(_root, "twin");
        Directory.CreateDirectory(twin);
        var sameFolderElsewhere = stored.Location.Replace("/a/", "/twin/", StringComparison.Ordinal);
        Assert.False(Store("twin").Owns(sameFolderElsewhere, target));
        await WriteAsync(Store("twin"), new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv"));
        Assert.False(Store("twin").Owns(sameFolderElsewhere, target));
        Assert.False(Store("b").Owns(stored.Location, target));
    }

    [Fact]
    public async Task DeletedFile_OnItsOwnVolume_IsMissing_AndLegacyLocationsUnderTheRootStayOwned()
    {
        var store = Store("a");
        var target = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var stored = await WriteAsync(store, target);
        await store.DeleteAsync(stored.Location, target, CancellationToken.None);
        Assert.IsType<ExportMissing>(await store.FindAsync(stored.Location, target, CancellationToken.None));

        // Before volumes and attempts were recorded: the run's folder itself, and only that.
        var legacy = new Uri(RunFolder("a", target) + "/").AbsoluteUri;
        Assert.True(store.Owns(legacy, target));
        Assert.False(store.Owns(new Uri(Path.Combine(_root, "a", "..", "elsewhere") + "/").AbsoluteUri, target));
        Assert.False(store.Owns("s3://bucket/results/x/y/result.csv", target));
    }

    [Fact]
    public async Task CraftedLocations_TheRootAParentOrAnotherRun_AreNotOwned_AndDeleteNothing()
    {
        var store = Store("a");
        var victim = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var stored = await WriteAsync(store, victim);
        var volume = stored.Location[stored.Location.IndexOf('?', StringComparison.Ordinal)..];
        var attacker = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var root = Path.Combine(_root, "a");
        string[] crafted =
        [
            new Uri(root + "/").AbsoluteUri,
            new Uri(Path.Combine(root, "results") + "/").AbsoluteUri,
            new Uri(Path.Combine(root, "results") + "/").AbsoluteUri + volume,
            new Uri(Path.Combine(root, "results", victim.OrganizationId.ToString("D")) + "/").AbsoluteUri + volume,
            stored.Location,
            stored.Location[..stored.Location.IndexOf('?', StringComparison.Ordinal)],
            new Uri(RunFolder("a", victim) + "/").AbsoluteUri,
            new Uri(Path.Combine(RunFolder("a", attacker), "..", "..", victim.OrganizationId.ToString("D"), victim.QueryResultId.ToString("D")) + "/").AbsoluteUri,
            new Uri(RunFolder("a", attacker) + "/").AbsoluteUri + volume, // the attacker's run folder, not an attempt's, with a volume
        ];
        foreach (var location in crafted)
        {
            Assert.False(store.Owns(location, attacker), location);
            Assert.IsType<ExportUnreachable>(await store.FindAsync(location, attacker, CancellationToken.None));
            await store.DeleteAsync(location, attacker, CancellationToken.None);
        }

        Assert.IsType<ExportFound>(await store.FindAsync(stored.Location, victim, CancellationToken.None)).Content.Dispose();
    }

    [Fact]
    public async Task EachAttempt_WritesItsOwnFolder_SoTheLoserDeletesOnlyItsOwn()
    {
        var store = Store("a");
        var target = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var winner = await WriteAsync(store, target);
        var loser = await WriteAsync(store, target);
        Assert.NotEqual(winner.Location, loser.Location);

        await store.DeleteAsync(loser.Location, target, CancellationToken.None);
        Assert.IsType<ExportMissing>(await store.FindAsync(loser.Location, target, CancellationToken.None));
        Assert.IsType<ExportFound>(await store.FindAsync(winner.Location, target, CancellationToken.None)).Content.Dispose();

        // The last attempt's folder gone, the run leaves no empty folder behind.
        await store.DeleteAsync(winner.Location, target, CancellationToken.None);
        Assert.False(Directory.Exists(RunFolder("a", target)));
    }

    private string RunFolder(string folder, ExportTarget target) =>
        Path.Combine(_root, folder, "results", target.OrganizationId.ToString("D"), target.QueryResultId.ToString("D"));

    [Fact]
    public async Task Upload_DisposedUncommitted_LeavesNoFolder()
    {
        var store = Store("a");
        var target = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        await using (var upload = await store.BeginAsync(target, CancellationToken.None))
        {
            await upload.Content.WriteAsync(new byte[1000]);
        }

        Assert.False(Directory.Exists(Path.Combine(_root, "a", "results", target.OrganizationId.ToString("D"), target.QueryResultId.ToString("D"))));
    }
}
