namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>An export written to <c>result.{format}.partial</c> and renamed when committed; the attempt's folder goes when it is not.</summary>
internal sealed class LocalExportUpload : IExportUpload
{
    private readonly string _folder;
    private readonly string _path;
    private readonly string _location;
    private readonly FileStream _file;
    private bool _committed;

    public LocalExportUpload(string folder, string fileName, string location)
    {
        (_folder, _path, _location) = (folder, Path.Combine(folder, fileName), location);
        _file = new FileStream(_path + ".partial", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public Stream Content => _file;

    public async Task<StoredExport> CommitAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken);
        var bytes = _file.Length;
        await _file.DisposeAsync();
        File.Move(_path + ".partial", _path, overwrite: true);
        _committed = true;
        return new StoredExport(_location, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        if (!_committed && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
            LocalExportStore.RemoveIfEmpty(Path.GetDirectoryName(_folder)!);
        }
    }
}
