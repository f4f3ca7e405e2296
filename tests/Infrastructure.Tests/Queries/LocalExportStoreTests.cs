using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Queries.Storage;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>The local export store owns what lies under its root on its own volume, and nothing else.</summary>
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
        Assert.Matches("^file:///.+/a/results/[0-9a-f-]{36}/[0-9a-f-]{36}/\\?volume=[0-9a-f]{32}$", stored.Location);
        Assert.IsType<ExportFound>(await Store("a").FindAsync(stored.Location, target, CancellationToken.None));

        // Another node with the same path on its own disk: same folder, another volume.
        var twin = Path.Combine(_root, "twin");
        Directory.CreateDirectory(twin);
        var sameFolderElsewhere = stored.Location.Replace("/a/", "/twin/", StringComparison.Ordinal);
        Assert.False(Store("twin").Owns(sameFolderElsewhere));
        await WriteAsync(Store("twin"), new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv"));
        Assert.False(Store("twin").Owns(sameFolderElsewhere));
        Assert.False(Store("b").Owns(stored.Location));
    }

    [Fact]
    public async Task DeletedFile_OnItsOwnVolume_IsMissing_AndLegacyLocationsUnderTheRootStayOwned()
    {
        var store = Store("a");
        var target = new ExportTarget(Guid.NewGuid(), Guid.NewGuid(), "csv");
        var stored = await WriteAsync(store, target);
        await store.DeleteAsync(stored.Location, target, CancellationToken.None);
        Assert.IsType<ExportMissing>(await store.FindAsync(stored.Location, target, CancellationToken.None));

        var legacy = stored.Location[..stored.Location.IndexOf('?', StringComparison.Ordinal)];
        Assert.True(store.Owns(legacy));
        Assert.False(store.Owns(new Uri(Path.Combine(_root, "a", "..", "elsewhere") + "/").AbsoluteUri));
        Assert.False(store.Owns("s3://bucket/results/x/y/result.csv"));
    }

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
