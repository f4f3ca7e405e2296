using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy.Quotas;

namespace DqPlatform.Domain.Tests.Tenancy;

public sealed class WorkspaceQuotaTests
{
    private static readonly QuotaLimits Limits = new(
        CheckDefinitions: 3, ShortestScheduleInterval: TimeSpan.FromMinutes(5), Connections: 2, SavedQueries: 4,
        ConcurrentBatchQueries: 1, RetainedExportBytes: 1_000, ApiKeys: 2, Workspaces: 2);

    private readonly WorkspaceQuota _quota = new(Limits);

    [Theory]
    [InlineData(QuotaKind.CheckDefinitions, 3)]
    [InlineData(QuotaKind.Connections, 2)]
    [InlineData(QuotaKind.SavedQueries, 4)]
    [InlineData(QuotaKind.ConcurrentBatchQueries, 1)]
    [InlineData(QuotaKind.ApiKeys, 2)]
    [InlineData(QuotaKind.Workspaces, 2)]
    public void RequireRoomForOneMore_AllowsUpToTheLimitAndRefusesPastIt(QuotaKind kind, long limit)
    {
        _quota.RequireRoomForOneMore(kind, limit - 1);

        var refused = Assert.Throws<QuotaExceededException>(() => _quota.RequireRoomForOneMore(kind, limit));

        Assert.Equal(("QUOTA_EXCEEDED", kind, limit, limit), (refused.Code, refused.Kind, refused.Limit, refused.Used));
        Assert.Contains(WorkspaceQuota.NameOf(kind), refused.Message, StringComparison.Ordinal);
        Assert.Contains($"quota is {limit}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireRoomForOneMore_ForExportBytes_RefusesOnceTheBytesKeptReachTheQuota()
    {
        _quota.RequireRoomForOneMore(QuotaKind.RetainedExportBytes, 999);

        var refused = Assert.Throws<QuotaExceededException>(() => _quota.RequireRoomForOneMore(QuotaKind.RetainedExportBytes, 1_500));

        Assert.Equal(("RETAINED_EXPORT_BYTES", 1_000L, 1_500L), (refused.Quota, refused.Limit, refused.Used));
        Assert.Contains("1,500 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/1 * * * *", 60)]
    [InlineData("0,1 * * * *", 60)]
    [InlineData("*/4 * * * *", 240)]
    public void RequireInterval_RefusesACronThatFiresTooOften(string cron, long gap)
    {
        var refused = Assert.Throws<QuotaExceededException>(() => _quota.RequireInterval(CronSchedule.Parse(cron, "UTC").ShortestGap()));

        Assert.Equal(("SHORTEST_SCHEDULE_INTERVAL", 300L, gap), (refused.Quota, refused.Limit, refused.Used));
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 2 * * *")]
    [InlineData("0 0 30 2 *")]
    public void RequireInterval_AllowsACronAtOrAboveTheInterval(string cron) =>
        _quota.RequireInterval(CronSchedule.Parse(cron, "UTC").ShortestGap());

    [Fact]
    public void UsageOf_GivesTheIntervalInSecondsAndCountsAsTheyAre()
    {
        Assert.Equal(new QuotaUsage(QuotaKind.ShortestScheduleInterval, null, 300), _quota.UsageOf(QuotaKind.ShortestScheduleInterval, null));
        Assert.Equal(new QuotaUsage(QuotaKind.Connections, 1, 2), _quota.UsageOf(QuotaKind.Connections, 1));
    }

    [Fact]
    public void NameOf_SpellsKindsAsTheGraphDoes() =>
        Assert.Equal(
            ["CHECK_DEFINITIONS", "SHORTEST_SCHEDULE_INTERVAL", "CONNECTIONS", "SAVED_QUERIES", "CONCURRENT_BATCH_QUERIES", "RETAINED_EXPORT_BYTES", "API_KEYS", "WORKSPACES"],
            Enum.GetValues<QuotaKind>().Select(WorkspaceQuota.NameOf));
}
