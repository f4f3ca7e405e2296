using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Exports in a folder (<see cref="QueryOptions.ResultsPath"/>): <c>{root}/results/{org_id}/{query_id}/{attempt}/result.{format}</c>.
/// A location is the folder's <c>file://</c> URI tagged with the id of the volume it was written to (a
/// <c>.dqp-volume</c> file in the root), so a node whose disk lacks the file can tell "deleted" (same volume) from
/// "on another node's disk" (another volume, or a folder outside its root) — several nodes with the same path on
/// separate disks look alike otherwise, and nodes that mount one shared folder share its volume id.
/// </summary>
public sealed class LocalExportStore(IOptions<QueryOptions> options) : IExportStore
{
    private const string VolumeFile = ".dqp-volume";
    private const string VolumeQuery = "?volume=";

    private string? _volume;

    private string Root => options.Value.ResultsRoot;

    public Task<IExportUpload> BeginAsync(ExportTarget target, CancellationToken cancellationToken)
    {
        var volume = Volume(create: true) ?? throw new IOException($"The {VolumeFile} file in the results folder does not hold a volume id.");
        var folder = Path.Combine(RunFolder(target), ExportTarget.NewAttempt());
        Directory.CreateDirectory(folder);
        var location = new UriBuilder(new Uri(folder + Path.DirectorySeparatorChar)) { Query = VolumeQuery[1..] + volume }.Uri.AbsoluteUri;
        return Task.FromResult<IExportUpload>(new LocalExportUpload(folder, target.FileName, location));
    }

    public bool Owns(string location, ExportTarget target) => FolderOf(location, target) is not null;

    public Task<ExportLookup> FindAsync(string location, ExportTarget target, CancellationToken cancellationToken)
    {
        if (FolderOf(location, target) is not { } folder)
        {
            return Task.FromResult<ExportLookup>(new ExportUnreachable(ExportStores.ForeignFileReason));
        }

        var path = Path.Combine(folder, target.FileName);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<ExportLookup>(new ExportFound(file, File.GetLastWriteTimeUtc(path), null));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<ExportLookup>(new ExportMissing());
        }
    }

    public Task DeleteAsync(string location, ExportTarget target, CancellationToken cancellationToken)
    {
        if (FolderOf(location, target) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
            RemoveIfEmpty(Path.GetDirectoryName(folder)!);
        }

        return Task.CompletedTask;
    }

    /// <summary>An attempt's folder that is gone (deleted, or never committed) leaves no empty folder of its run behind.</summary>
    internal static void RemoveIfEmpty(string runFolder)
    {
        try
        {
            Directory.Delete(runFolder, recursive: false);
        }
        catch (IOException)
        {
            // Not empty (another attempt of the run is there) or already gone.
        }
    }

    private string RunFolder(ExportTarget target) =>
        Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Root)), "results", target.OrganizationId.ToString("D"), target.QueryResultId.ToString("D"));

    /// <summary>
    /// The folder a location names, when it is exactly one the store writes for the run — an attempt's folder of the
    /// run, written to this volume — or the run's folder from before volumes and attempts were recorded. Anything else
    /// (the root, a parent, another run's folder, an attempt of another volume) is not this store's to read or delete.
    /// </summary>
    private string? FolderOf(string location, ExportTarget target)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uri.LocalPath));
        var run = RunFolder(target);
        if (uri.Query.Length == 0)
        {
            return folder == run ? folder : null;
        }

        var written = uri.Query.StartsWith(VolumeQuery, StringComparison.Ordinal) ? uri.Query[VolumeQuery.Length..] : null;
        return written is not null && written == Volume(create: false)
            && Path.GetDirectoryName(folder) == run && ExportTarget.IsAttempt(Path.GetFileName(folder))
            ? folder
            : null;
    }

    // Created once per root; a rename that refuses to overwrite lets nodes sharing the folder agree on one id.
    private string? Volume(bool create)
    {
        if (_volume is not null)
        {
            return _volume;
        }

        var file = Path.Combine(Root, VolumeFile);
        if (create && !File.Exists(file))
        {
            Directory.CreateDirectory(Root);
            var draft = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(draft, Guid.NewGuid().ToString("N"));
            try
            {
                File.Move(draft, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                File.Delete(draft);
            }
        }

        if (!File.Exists(file))
        {
            return null;
        }

        return _volume = Guid.TryParse(File.ReadAllText(file).Trim(), out var id) ? id.ToString("N") : null;
    }
}
