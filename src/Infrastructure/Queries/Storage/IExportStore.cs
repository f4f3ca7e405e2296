namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Where batch exports are kept: a local folder (one node) or an S3-compatible object store (any number of nodes).
/// A store names what it wrote with an <c>output_location</c> URI and only ever reads or deletes locations it owns.
/// </summary>
public interface IExportStore
{
    /// <summary>Starts the export of a run; nothing is visible until it is committed, and disposing it uncommitted leaves nothing.</summary>
    Task<IExportUpload> BeginAsync(ExportTarget target, CancellationToken cancellationToken);

    /// <summary>Whether the location is one this store writes (its scheme, and its root, volume or bucket and prefix).</summary>
    bool Owns(string location);

    /// <summary>The stored export at a location this store owns, ready to send (or to redirect to).</summary>
    /// <exception cref="ExportStoreUnavailableException">The store did not answer.</exception>
    Task<ExportLookup> FindAsync(string location, ExportTarget target, CancellationToken cancellationToken);

    /// <summary>Deletes the export at a location this store owns; deleting what is gone is no error.</summary>
    /// <exception cref="ExportStoreUnavailableException">The store did not answer.</exception>
    Task DeleteAsync(string location, ExportTarget target, CancellationToken cancellationToken);
}

/// <summary>One run's export: <c>results/{org_id}/{query_id}/result.{format}</c> under the store's root (seed 001's layout).</summary>
public sealed record ExportTarget(Guid OrganizationId, Guid QueryResultId, string Format)
{
    public string RelativeFolder => $"results/{OrganizationId:D}/{QueryResultId:D}";

    public string RelativePath => $"{RelativeFolder}/{Domain.Queries.QueryOutputFormat.FileName(Format)}";

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
