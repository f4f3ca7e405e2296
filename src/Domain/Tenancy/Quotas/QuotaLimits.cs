namespace DqPlatform.Domain.Tenancy.Quotas;

/// <summary>The limits one workspace works under (the operator's defaults, or its organization's override).</summary>
public sealed record QuotaLimits(
    long CheckDefinitions,
    TimeSpan ShortestScheduleInterval,
    long Connections,
    long SavedQueries,
    long ConcurrentBatchQueries,
    long RetainedExportBytes,
    long ApiKeys,
    long Workspaces)
{
    /// <summary>The limit of <paramref name="kind"/> as a number: a count, bytes, or whole seconds for the interval.</summary>
    public long Of(QuotaKind kind) => kind switch
    {
        QuotaKind.CheckDefinitions => CheckDefinitions,
        QuotaKind.ShortestScheduleInterval => (long)Math.Ceiling(ShortestScheduleInterval.TotalSeconds),
        QuotaKind.Connections => Connections,
        QuotaKind.SavedQueries => SavedQueries,
        QuotaKind.ConcurrentBatchQueries => ConcurrentBatchQueries,
        QuotaKind.RetainedExportBytes => RetainedExportBytes,
        QuotaKind.ApiKeys => ApiKeys,
        QuotaKind.Workspaces => Workspaces,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
