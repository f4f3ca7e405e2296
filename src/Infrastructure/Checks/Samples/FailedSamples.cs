using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Infrastructure.Connectors;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>What the check runner asks of samples: the statement for a check (if it samples), and the sealed sample to store.</summary>
public sealed class FailedSamples(SampleSealer sealer, IOptions<FailedSampleOptions> options)
{
    /// <param name="failed">Judges a reading; the sample statement runs only when it answers true.</param>
    public SampleRequest? RequestFor(CheckType type, CheckConfig config, ISensorDialect dialect, string? schema, string table, string? column, Func<SensorReading, bool> failed) =>
        SampleQuery.For(type, config, dialect, schema, table, column) is { } query
            ? new SampleRequest(query, failed, SampleSettings.Of(config).Limit, options.Value.MaxBytes)
            : null;

    /// <summary>Masks (as the check's config says) and encrypts; null when there is nothing to keep.</summary>
    public SealedSample? Seal(Guid workspaceId, CheckConfig config, FailedRowSample? sample) =>
        sample is null ? null : SealedSample.Of(sample, sealer.Seal(workspaceId, sample, SampleSettings.Of(config).Mask));
}
