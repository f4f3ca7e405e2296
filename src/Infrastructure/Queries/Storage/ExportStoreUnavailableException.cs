namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// The export store did not answer (down, throttling, timed out), or refused the request for a reason only an operator
/// can fix (<see cref="Misconfigured"/>: no such bucket, access denied, unknown key). An <see cref="IOException"/>, so
/// a run whose export cannot be written fails like one whose disk is full.
/// </summary>
public sealed class ExportStoreUnavailableException(string message, Exception? inner = null, bool misconfigured = false) : IOException(message, inner)
{
    /// <summary>The store answered, with a refusal that trying again will not change; the message names its error code.</summary>
    public bool Misconfigured { get; } = misconfigured;
}
