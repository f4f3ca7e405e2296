using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Checks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Api.Tests.Dashboards;

/// <summary>CheckDefinition.resultSeries: exact buckets over known results, empty buckets as zeros, UTC whatever the server's zone.</summary>
public sealed class ResultSeriesTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private static readonly DateTimeOffset Day = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HourBuckets_CountEachRunInsideTheWindowOnce_AndAnswerEmptyBucketsWithZeros()
    {
        var (tenant, check, neighbour) = await ChecksAsync();
        await StoreAsync(check,
            (TimeSpan.FromMinutes(-1), true, 999m, null), // before since
            (TimeSpan.Zero, true, 10m, null),
            (TimeSpan.FromMinutes(30), false, 20m, null),
            (TimeSpan.FromHours(1) - TimeSpan.FromMicroseconds(1), true, 30m, null),
            (TimeSpan.FromHours(2), true, null, null),
            (new TimeSpan(3, 15, 0), false, null, "The sensor timed out."),
            (new TimeSpan(3, 45, 0), true, 1.5m, null),
            (TimeSpan.FromHours(5), true, 999m, null)); // at until: outside
        await StoreAsync(neighbour, (TimeSpan.FromMinutes(10), false, 500m, null), (TimeSpan.FromHours(1), false, 500m, null));

        var series = await SeriesAsync(tenant, check, Day, Day.AddHours(5), "HOUR");

        Assert.Equal(
        [
            "00:00-01:00 count 3 passed 2 failed 1 values 10..20..30",
            "01:00-02:00 count 0 passed 0 failed 0 values none",
            "02:00-03:00 count 1 passed 1 failed 0 values none",
            "03:00-04:00 count 2 passed 1 failed 1 values 1.5..1.5..1.5",
            "04:00-05:00 count 0 passed 0 failed 0 values none",
        ], series);
    }

    [Fact]
    public async Task AWindowOffTheGrid_KeepsTheGridsBuckets_CountingOnlyWhatIsInside()
    {
        var (tenant, check, _) = await ChecksAsync();
        await StoreAsync(check, (TimeSpan.FromMinutes(10), true, 1m, null), (TimeSpan.FromMinutes(40), true, 2m, null),
            (TimeSpan.FromMinutes(50), false, 4m, null), (new TimeSpan(2, 10, 0), true, 8m, null), (new TimeSpan(2, 40, 0), true, 16m, null));

        var series = await SeriesAsync(tenant, check, Day.AddMinutes(30), Day.AddMinutes(150), "HOUR");

        Assert.Equal(
        [
            "00:00-01:00 count 2 passed 1 failed 1 values 2..3..4",
            "01:00-02:00 count 0 passed 0 failed 0 values none",
            "02:00-03:00 count 1 passed 1 failed 0 values 8..8..8",
        ], series);
    }

    [Fact]
    public async Task DayBuckets_AreUtcDays_WhateverTheDatabaseSessionsTimeZone()
    {
        var (tenant, check, _) = await ChecksAsync();
        // UTC+05:45: a bucket cut in the session's zone would move 23:30 UTC into the next day, 18:30 UTC into the one after.
        await api.Database.ExecuteAsync($"ALTER DATABASE \"{api.Database.Name}\" SET timezone TO 'Asia/Kathmandu'");
        NpgsqlConnection.ClearAllPools();
        await StoreAsync(check, (new TimeSpan(23, 30, 0), false, 1m, null), (new TimeSpan(1, 0, 30, 0), true, 2m, null),
            (new TimeSpan(1, 18, 30, 0), true, 3m, null));

        var series = await SeriesAsync(tenant, check, Day, Day.AddDays(2), "DAY");

        Assert.Equal(["00:00-00:00 count 1 passed 0 failed 1 values 1..1..1", "00:00-00:00 count 2 passed 2 failed 0 values 2..2.5..3"], series);
        await using var session = new NpgsqlConnection(api.Database.ConnectionString);
        await session.OpenAsync();
        Assert.Equal("Asia/Kathmandu", await new NpgsqlCommand("SHOW TimeZone", session).ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("2025-06-01T00:00:00Z", "2025-06-01T00:00:00Z", "HOUR", "'since' must be before 'until'.")]
    [InlineData("2025-06-02T00:00:00Z", "2025-06-01T00:00:00Z", "HOUR", "'since' must be before 'until'.")]
    [InlineData("2025-06-01T00:00:00Z", "2025-06-03T00:00:00Z", "MINUTE", "The window holds 2880 buckets of 1 minute; at most 1440")]
    [InlineData("1999-12-31T00:00:00Z", "2025-06-01T00:00:00Z", "WEEK", "must lie between 2001-01-01 and 9999-01-01")]
    public async Task BadWindows_AnswerValidation_WithTheReason(string since, string until, string bucket, string reason)
    {
        var (tenant, check, _) = await ChecksAsync();

        var (_, body) = await api.GraphQL(tenant.ApiKey).SendAsync(Query(check, $"since: \"{since}\", until: \"{until}\", bucket: {bucket}"));

        var error = body.GetProperty("errors")[0];
        Assert.Equal("VALIDATION", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutABucket_TheFinestWithinTheLimitIsUsed()
    {
        var (tenant, check, _) = await ChecksAsync();

        var data = await api.GraphQL(tenant.ApiKey).DataAsync(Query(check, "since: \"2025-06-01T00:00:00Z\", until: \"2025-06-03T00:00:00Z\""));

        var buckets = data.GetProperty("node").GetProperty("resultSeries").EnumerateArray().ToList();
        Assert.Equal(576, buckets.Count); // two days of five minutes; one-minute buckets would be 2,880
        Assert.Equal(TimeSpan.FromMinutes(5), buckets[0].GetProperty("end").GetDateTimeOffset() - buckets[0].GetProperty("start").GetDateTimeOffset());
    }

    [Fact]
    public async Task SeriesForEveryCheckOfAPage_ArePricedPerBucket()
    {
        var (tenant, _, _) = await ChecksAsync();

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync("""
            { checkDefinitions(first: 100) { nodes { resultSeries(since: "2025-06-01T00:00:00Z", until: "2025-06-02T00:00:00Z", bucket: MINUTE) { count passed } } } }
            """));
    }

    [Fact]
    public async Task AnotherWorkspacesCheck_ReadsNothing_EvenAskedForByItsUuid()
    {
        var (owner, check, _) = await ChecksAsync();
        await StoreAsync(check, (TimeSpan.FromMinutes(5), true, 1m, null));
        var stranger = await TestTenant.CreateAsync(api);
        var window = ResultSeriesWindow.Of(Day, Day.AddHours(1), ResultSeriesBucket.Hour);

        Assert.Equal(1, (await ReadAsAsync(owner, check, window)).Count);
        Assert.Equal(0, (await ReadAsAsync(stranger, check, window)).Count);
    }

    private async Task<ResultBucket> ReadAsAsync(TestTenant tenant, Guid check, ResultSeriesWindow window)
    {
        using var scope = api.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestCaller>().Current =
            new Caller(tenant.ApiKeyId, tenant.WorkspaceId, tenant.OrganizationId, ApiKeyScopes.All.ToHashSet());
        var series = await scope.ServiceProvider.GetRequiredService<ResultSeriesReads>().SeriesAsync(window, [check], CancellationToken.None);
        return Assert.Single(series[check]);
    }

    private async Task<(TestTenant Tenant, Guid Check, Guid Neighbour)> ChecksAsync()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var checks = await GraphSeed.ChecksWithoutResultsAsync(api, tenant, 2);
        return (tenant, checks[0].Id, checks[1].Id);
    }

    private async Task StoreAsync(Guid check, params (TimeSpan After, bool Passed, decimal? Value, string? Error)[] results)
    {
        await using var db = api.Database.CreateDqContext();
        db.CheckResults.AddRange(results.Select(r => new CheckResult
        {
            CheckId = check, ExecutedAt = Day + r.After, RulePassed = r.Passed, SensorValue = r.Value, ErrorMessage = r.Error,
            Severity = r.Passed ? null : CheckSeverity.Error,
        }));
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> SeriesAsync(TestTenant tenant, Guid check, DateTimeOffset since, DateTimeOffset until, string bucket)
    {
        var data = await api.GraphQL(tenant.ApiKey).DataAsync(Query(check, $"since: \"{since:O}\", until: \"{until:O}\", bucket: {bucket}"));
        return [.. data.GetProperty("node").GetProperty("resultSeries").EnumerateArray().Select(Describe)];
    }

    private static string Query(Guid check, string arguments) => $$"""
        { node(id: "{{GlobalId.Encode("CheckDefinition", check)}}") { ... on CheckDefinition {
            resultSeries({{arguments}}) { start end count passed failed minSensorValue avgSensorValue maxSensorValue } } } }
        """;

    private static string Describe(JsonElement b)
    {
        var (start, end) = (b.GetProperty("start").GetDateTimeOffset(), b.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, start.Offset);
        var values = b.GetProperty("minSensorValue").ValueKind == JsonValueKind.Null
            ? "none"
            : $"{Number(b, "minSensorValue")}..{Number(b, "avgSensorValue")}..{Number(b, "maxSensorValue")}";
        return $"{start:HH:mm}-{end:HH:mm} count {b.GetProperty("count")} passed {b.GetProperty("passed")} failed {b.GetProperty("failed")} values {values}";
    }

    // Decimals are answered as exact strings; rounded here to what the expectations spell out.
    private static string Number(JsonElement bucket, string field) =>
        decimal.Parse(bucket.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ToString("0.############", System.Globalization.CultureInfo.InvariantCulture);
}
