namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// The stores of this node: new exports go to the S3 store when one is configured, else to the local folder; a stored
/// location is read and deleted by the store that owns it (so file exports written before S3 was configured stay
/// readable where they lie), and by none when it lives where this node cannot reach.
/// </summary>
public sealed class ExportStores(LocalExportStore local, S3ExportStore? s3)
{
    public const string ForeignFileReason =
        "The export is on the disk of another API node; share exports between nodes through an S3-compatible store (Dqp:Exports:S3).";

    public const string ForeignObjectReason = "The export is in an object store this node is not configured for.";

    public IExportStore Writer => (IExportStore?)s3 ?? local;

    /// <summary>The store that wrote <paramref name="location"/> for the run, or none (another node's disk, or a location that is not the run's).</summary>
    public IExportStore? OwnerOf(string location, ExportTarget target) =>
        s3 is not null && s3.Owns(location, target) ? s3 : local.Owns(location, target) ? local : null;

    /// <exception cref="ExportStoreUnavailableException">The owning store did not answer.</exception>
    public Task<ExportLookup> FindAsync(string location, ExportTarget target, CancellationToken cancellationToken) =>
        OwnerOf(location, target) is { } store
            ? store.FindAsync(location, target, cancellationToken)
            : Task.FromResult<ExportLookup>(new ExportUnreachable(location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? ForeignFileReason : ForeignObjectReason));
}
