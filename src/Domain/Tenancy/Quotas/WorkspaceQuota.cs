using System.Globalization;
using System.Text;

namespace DqPlatform.Domain.Tenancy.Quotas;

/// <summary>
/// The quota rules of one workspace, in one place: a count may grow to its limit and no further; a batch run may not
/// start while the exports the workspace keeps already fill its byte quota; a schedule may not fire more often than
/// the interval quota allows. The stores apply the counting rules atomically (<c>WorkspaceQuotaGuard</c> in
/// Infrastructure: a per-workspace advisory lock, the count and the insert in one transaction), so two creates
/// racing for the last place cannot both win.
/// </summary>
public sealed class WorkspaceQuota(QuotaLimits limits)
{
    public QuotaLimits Limits => limits;

    /// <summary>Refuses one more of <paramref name="kind"/> when <paramref name="used"/> already reaches its limit.</summary>
    /// <remarks>For retained export bytes, "one more" is one more export: refused once the bytes kept reach the limit.</remarks>
    public void RequireRoomForOneMore(QuotaKind kind, long used)
    {
        if (kind == QuotaKind.ShortestScheduleInterval)
        {
            throw new ArgumentException("The schedule interval is a floor, not a count: use RequireInterval.", nameof(kind));
        }

        var limit = limits.Of(kind);
        if (used < limit)
        {
            return;
        }

        var message = kind == QuotaKind.RetainedExportBytes
            ? Invariant($"Quota {NameOf(kind)} exceeded: the workspace keeps {used:N0} bytes of exports and its quota is {limit:N0} bytes; delete exports or wait for them to expire before starting another batch query.")
            : kind == QuotaKind.Workspaces
            ? Invariant($"Quota {NameOf(kind)} exceeded: the organization has {used:N0} workspaces and its quota is {limit:N0}; delete one before adding another, or ask the operator for a higher quota.")
            : Invariant($"Quota {NameOf(kind)} exceeded: the workspace has {used:N0} {Noun(kind)} and its quota is {limit:N0}; remove one before adding another, or ask the operator for a higher quota.");
        throw new QuotaExceededException(kind, limit, used, message);
    }

    /// <summary>Refuses <paramref name="more"/> new ones at once unless all fit: a batch is created whole or not at all.</summary>
    public void RequireRoomFor(QuotaKind kind, long used, long more)
    {
        if (more <= 1)
        {
            if (more == 1)
            {
                RequireRoomForOneMore(kind, used);
            }

            return;
        }

        var limit = limits.Of(kind);
        if (used + more <= limit)
        {
            return;
        }

        throw new QuotaExceededException(kind, limit, used, Invariant(
            $"Quota {NameOf(kind)} exceeded: the workspace has {used:N0} {Noun(kind)} and {more:N0} more would pass its quota of {limit:N0}; nothing was created."));
    }

    /// <summary>Refuses a schedule whose cron fires twice within less than the interval quota (gap measured in UTC).</summary>
    public void RequireInterval(TimeSpan? shortestGap)
    {
        if (shortestGap is not { } gap || gap >= limits.ShortestScheduleInterval)
        {
            return;
        }

        var limit = limits.Of(QuotaKind.ShortestScheduleInterval);
        var used = (long)gap.TotalSeconds;
        throw new QuotaExceededException(QuotaKind.ShortestScheduleInterval, limit, used, Invariant(
            $"Quota {NameOf(QuotaKind.ShortestScheduleInterval)} exceeded: the cron expression fires twice within {used:N0} seconds and the workspace's schedules may fire at most every {limit:N0} seconds."));
    }

    /// <summary>The quota of <paramref name="kind"/> against <paramref name="used"/>.</summary>
    public QuotaUsage UsageOf(QuotaKind kind, long? used) => new(kind, used, limits.Of(kind));

    /// <summary>The kind as the graph spells it (<c>CHECK_DEFINITIONS</c>).</summary>
    public static string NameOf(QuotaKind kind)
    {
        var name = kind.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Noun(QuotaKind kind) => kind switch
    {
        QuotaKind.CheckDefinitions => "check definitions",
        QuotaKind.Connections => "connections",
        QuotaKind.SavedQueries => "saved queries",
        QuotaKind.ConcurrentBatchQueries => "batch queries queued or running",
        QuotaKind.ApiKeys => "active API keys",
        _ => kind.ToString(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
