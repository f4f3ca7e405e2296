namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Where batch exports are kept: a local folder (one node) or an S3-compatible object store (any number of nodes).
/// A store names what it wrote with an <c>output_location</c> URI and only ever reads or deletes locations it owns.
/// </summary>
public interface IExportStore
{
    /// <summary>Starts the export of a run; nothing is visible until it is committed, and disposing it uncommitted leaves nothing.</summary>
    Task<IExportUpload> BeginAsync(ExportTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the location is one this store writes for <paramref name="target"/>: its scheme, root, volume or bucket
    /// and prefix, and exactly that run's path. A stored location is only trusted as far as it names its own run, so a
    /// row pointing elsewhere (the root, another tenant's run) reads and deletes nothing.
    /// </summary>
    bool Owns(string location, ExportTarget target);

    /// <summary>The stored export at a location this store owns, ready to send (or to redirect to).</summary>
    /// <exception cref="ExportStoreUnavailableException">The store did not answer.</exception>
    Task<ExportLookup> FindAsync(string location, ExportTarget target, CancellationToken cancellationToken);

    /// <summary>Deletes the export at a location this store owns; deleting what is gone is no error.</summary>
    /// <exception cref="ExportStoreUnavailableException">The store did not answer.</exception>
    Task DeleteAsync(string location, ExportTarget target, CancellationToken cancellationToken);
}

/// <summary>
/// One run's export: <c>results/{org_id}/{query_id}/{attempt}/result.{format}</c> under the store's root. Each attempt
/// writes its own path, so an attempt that lost its run to another (a stale take-over) deletes only what it wrote.
/// Exports written before attempts had paths lie at <c>results/{org_id}/{query_id}/result.{format}</c> (seed 001's layout).
/// </summary>
public sealed record ExportTarget(Guid OrganizationId, Guid QueryResultId, string Format)
{
    public string RelativeFolder => $"results/{OrganizationId:D}/{QueryResultId:D}";

    public string FileName => Domain.Queries.QueryOutputFormat.FileName(Format);

    /// <summary>A new attempt's name: random, so attempts never share a path.</summary>
    public static string NewAttempt() => Guid.NewGuid().ToString("N");

    public string RelativePathOf(string attempt) => $"{RelativeFolder}/{attempt}/{FileName}";

    /// <summary>Whether <paramref name="relativePath"/> is this run's export: one attempt's, or the layout before attempts.</summary>
    public bool IsPathOf(string relativePath) =>
        relativePath == $"{RelativeFolder}/{FileName}"
        || (relativePath.StartsWith(RelativeFolder + "/", StringComparison.Ordinal)
            && relativePath.EndsWith("/" + FileName, StringComparison.Ordinal)
            && IsAttempt(relativePath[(RelativeFolder.Length + 1)..^(FileName.Length + 1)]));

    /// <summary>An attempt's name as <see cref="NewAttempt"/> makes it: 32 lower-case hex digits, nothing that walks paths.</summary>
    public static bool IsAttempt(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    public string DownloadName => $"query-{QueryResultId:D}.{Format}";

    public string ContentType => Domain.Queries.QueryOutputFormat.ContentType(Format);
}

/// <summary>An export being written. <see cref="Content"/> counts what was written in <c>Position</c>.</summary>
public interface IExportUpload : IAsyncDisposable
{
    Stream Content { get; }

    /// <summary>Makes the export visible under its location.</summary>
    Task<StoredExport> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A committed export: its <c>output_location</c> and its size in bytes (what metrics hook onto).</summary>
public sealed record StoredExport(string Location, long Bytes);
