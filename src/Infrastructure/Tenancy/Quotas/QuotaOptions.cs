using DqPlatform.Domain.Tenancy.Quotas;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>
/// Settings under <c>Dqp:Quotas</c>: every workspace's quotas, and per organization
/// (<c>Dqp:Quotas:Organizations:{organizationId}:{Quota}</c>) the ones that differ for its workspaces. Operator
/// configuration only: no part of the API writes them, so a tenant cannot raise its own. Read through
/// <c>IOptionsMonitor</c>, so a changed setting applies to the next request without a restart.
/// </summary>
public sealed class QuotaOptions : QuotaSettings
{
    public QuotaOptions()
    {
        CheckDefinitions = 1_000;
        ShortestScheduleInterval = TimeSpan.FromMinutes(1);
        Connections = 50;
        SavedQueries = 500;
        ConcurrentBatchQueries = 5;
        RetainedExportBytes = 10L << 30;
        ApiKeys = 100;
        Workspaces = 20;
    }

    /// <summary>Overrides by organization id; a quota an override leaves out keeps the default above.</summary>
    public Dictionary<string, QuotaSettings> Organizations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limits of the workspaces of <paramref name="organizationId"/>.</summary>
    public QuotaLimits For(Guid organizationId)
    {
        var own = Organizations.FirstOrDefault(o => Guid.TryParse(o.Key, out var id) && id == organizationId).Value;
        return new QuotaLimits(
            own?.CheckDefinitions ?? CheckDefinitions!.Value,
            own?.ShortestScheduleInterval ?? ShortestScheduleInterval!.Value,
            own?.Connections ?? Connections!.Value,
            own?.SavedQueries ?? SavedQueries!.Value,
            own?.ConcurrentBatchQueries ?? ConcurrentBatchQueries!.Value,
            own?.RetainedExportBytes ?? RetainedExportBytes!.Value,
            own?.ApiKeys ?? ApiKeys!.Value,
            own?.Workspaces ?? Workspaces!.Value);
    }

    /// <summary>Every value set is usable: counts and bytes not negative, the interval not negative; null only in overrides.</summary>
    public bool IsValid() => IsUsable(this, requireAll: true) && Organizations.All(o => Guid.TryParse(o.Key, out _) && IsUsable(o.Value, requireAll: false));

    private static bool IsUsable(QuotaSettings s, bool requireAll)
    {
        long?[] counts = [s.CheckDefinitions, s.Connections, s.SavedQueries, s.ConcurrentBatchQueries, s.RetainedExportBytes, s.ApiKeys, s.Workspaces];
        return counts.All(c => c is null ? !requireAll : c >= 0)
            && (s.ShortestScheduleInterval is null ? !requireAll : s.ShortestScheduleInterval >= TimeSpan.Zero);
    }
}

/// <summary>One set of quota values; null leaves a value to the defaults (in an organization's override).</summary>
public class QuotaSettings
{
    public long? CheckDefinitions { get; set; }

    /// <summary>A schedule may not fire twice within less than this (e.g. <c>00:05:00</c>).</summary>
    public TimeSpan? ShortestScheduleInterval { get; set; }

    public long? Connections { get; set; }

    public long? SavedQueries { get; set; }

    public long? ConcurrentBatchQueries { get; set; }

    public long? RetainedExportBytes { get; set; }

    public long? ApiKeys { get; set; }

    /// <summary>Workspaces of one organization (counted per organization, not per workspace).</summary>
    public long? Workspaces { get; set; }
}
