namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>What a download finds at a run's location.</summary>
public abstract record ExportLookup;

/// <summary>
/// The export, as a seekable stream whose <c>Length</c> is the export's (ranges are served by seeking), with what
/// conditional and range requests compare against.
/// </summary>
public sealed record ExportFound(Stream Content, DateTimeOffset? LastModified, string? ETag) : ExportLookup;

/// <summary>A short-lived address the client downloads the export from directly (a pre-signed URL).</summary>
public sealed record ExportRedirect(Uri Url) : ExportLookup;

/// <summary>The store owns the location and the export is not there: it was deleted (retention, or a lifecycle rule).</summary>
public sealed record ExportMissing : ExportLookup;

/// <summary>The export lives where this node cannot reach: another node's disk, or an object store this node has no settings for.</summary>
public sealed record ExportUnreachable(string Reason) : ExportLookup;
