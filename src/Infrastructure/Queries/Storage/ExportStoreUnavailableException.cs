namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// The export store did not answer (down, refused the credentials, timed out). An <see cref="IOException"/>, so a run
/// whose export cannot be written fails like one whose disk is full.
/// </summary>
public sealed class ExportStoreUnavailableException(string message, Exception? inner = null) : IOException(message, inner);
