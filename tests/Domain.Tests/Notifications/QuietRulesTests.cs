using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications.Quiet;

namespace DqPlatform.Domain.Tests.Notifications;

public sealed class QuietRulesTests
{
    private static readonly Guid Workspace = Guid.NewGuid();
    private static readonly Guid Connection = Guid.NewGuid();
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Sundays 02:00 Berlin for 3 hours. 2026-03-29 is the spring daylight-saving change in Berlin (02:00 → 03:00).
    private static MaintenanceWindow SundayNights(Guid? connection = null, string? tag = null) =>
        MaintenanceWindow.Recurring(Workspace, "Sunday loads", connection, tag, "0 2 * * 0", "Europe/Berlin", TimeSpan.FromHours(3), Created);

    [Theory]
    [InlineData("2026-03-08T00:59:59Z", false)] // 01:59:59 Berlin (UTC+1)
    [InlineData("2026-03-08T01:00:00Z", true)]  // 02:00 Berlin: opens
    [InlineData("2026-03-08T03:59:59Z", true)]
    [InlineData("2026-03-08T04:00:00Z", false)] // 05:00 Berlin: closed (half-open)
    [InlineData("2026-03-09T01:30:00Z", false)] // a Monday
    [InlineData("2026-07-05T00:00:00Z", true)]  // summer (UTC+2): 02:00 Berlin is 00:00 UTC
    [InlineData("2026-07-04T23:59:59Z", false)]
    public void RecurringWindow_IsOpenFromEachFireForItsDuration_InItsZone(string at, bool open) =>
        Assert.Equal(open, SundayNights().OpenUntil(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)) is not null);

    [Fact]
    public void RecurringWindow_OnTheDaylightSavingSunday_StillOpens()
    {
        // 02:00 does not exist in Berlin on 2026-03-29; Cronos fires at the first valid instant (03:00 CEST = 01:00Z).
        var until = SundayNights().OpenUntil(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), until);
    }

    [Theory]
    [InlineData("0 * * * *", 90)]        // hourly for 90 minutes: it would overlap its next fire
    [InlineData("*/10 * * * * *", 1)]    // every ten seconds: finer than a minute
    [InlineData("0 2 * * 0", 7 * 24 * 60 + 1)]
    public void WindowsThatOverlapThemselvesOrFireTooOften_AreRefused(string cron, int minutes) =>
        Assert.Equal("durationMinutes", Assert.Throws<ValidationException>(() =>
            MaintenanceWindow.Recurring(Workspace, "x", null, null, cron, "UTC", TimeSpan.FromMinutes(minutes), Created)).Field);

    [Fact]
    public void AWindowAsLongAsItsGap_IsAlwaysOpen()
    {
        var window = MaintenanceWindow.Recurring(Workspace, "hourly", null, null, "0 * * * *", "UTC", TimeSpan.FromMinutes(60), Created);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 11, 0, 0, TimeSpan.Zero), window.OpenUntil(new DateTimeOffset(2026, 5, 1, 10, 15, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), window.OpenUntil(new DateTimeOffset(2026, 5, 1, 11, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void OneOffWindow_IsHalfOpen()
    {
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var window = MaintenanceWindow.OneOff(Workspace, "migration", null, null, start, start.AddHours(2), Created);
        Assert.Null(window.OpenUntil(start.AddTicks(-1)));
        Assert.Equal(start.AddHours(2), window.OpenUntil(start));
        Assert.Null(window.OpenUntil(start.AddHours(2)));
    }

    [Fact]
    public void Scope_ByConnectionAndTag()
    {
        var other = Guid.NewGuid();
        Assert.True(SundayNights().Covers(other, []));
        Assert.True(SundayNights(Connection).Covers(Connection, []));
        Assert.False(SundayNights(Connection).Covers(other, []));
        Assert.True(SundayNights(tag: "finance").Covers(other, ["Finance", "daily"]));
        Assert.False(SundayNights(tag: "finance").Covers(other, ["daily"]));
        Assert.False(SundayNights(Connection, "finance").Covers(Connection, ["daily"]));
    }

    [Fact]
    public void OpenWindow_PicksTheCoveringWindowThatClosesLast()
    {
        var at = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var shortOne = MaintenanceWindow.OneOff(Workspace, "short", null, null, at.AddHours(-1), at.AddHours(1), Created);
        var longOne = MaintenanceWindow.OneOff(Workspace, "long", null, null, at.AddHours(-1), at.AddHours(5), Created);
        var elsewhere = MaintenanceWindow.OneOff(Workspace, "elsewhere", Guid.NewGuid(), null, at.AddHours(-1), at.AddHours(9), Created);
        var open = QuietRules.OpenWindow([shortOne, longOne, elsewhere], Connection, [], at);
        Assert.Same(longOne, open?.Window);
        Assert.Null(QuietRules.OpenWindow([elsewhere], Connection, [], at));
    }

    [Fact]
    public void BadDurationsAndRanges_AreRefusedNamingTheField()
    {
        foreach (var duration in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(-1), TimeSpan.FromDays(8) })
        {
            Assert.Equal("durationMinutes", Assert.Throws<ValidationException>(() =>
                MaintenanceWindow.Recurring(Workspace, "x", null, null, "0 2 * * 0", "UTC", duration, Created)).Field);
        }

        Assert.Equal("endsAt", Assert.Throws<ValidationException>(() => MaintenanceWindow.OneOff(Workspace, "x", null, null, Created.AddHours(5), Created.AddHours(1), Created)).Field);
        Assert.Equal("endsAt", Assert.Throws<ValidationException>(() => MaintenanceWindow.OneOff(Workspace, "x", null, null, Created, Created.AddDays(91), Created)).Field);
    }

    [Fact]
    public void BadCronZoneOrName_AreRefused()
    {
        Assert.Equal("cronExpression", Assert.Throws<ValidationException>(() => MaintenanceWindow.Recurring(Workspace, "x", null, null, "every sunday", "UTC", TimeSpan.FromHours(1), Created)).Field);
        Assert.Equal("timezone", Assert.Throws<ValidationException>(() => MaintenanceWindow.Recurring(Workspace, "x", null, null, "0 2 * * 0", "Mars/Olympus", TimeSpan.FromHours(1), Created)).Field);
        Assert.Equal("name", Assert.Throws<ValidationException>(() => MaintenanceWindow.Recurring(Workspace, "  ", null, null, "0 2 * * 0", "UTC", TimeSpan.FromHours(1), Created)).Field);
        Assert.Equal("endsAt", Assert.Throws<ValidationException>(() => MaintenanceWindow.OneOff(Workspace, "x", null, null, Created.AddHours(-3), Created.AddHours(-1), Created)).Field);
    }

    // The rule matrix: maintenance × change × severity × digest × last sent.
    [Theory]
    [InlineData(true, NotifiedChange.Opened, false, false, null, QuietVerdict.InMaintenance)]
    [InlineData(true, NotifiedChange.Resolved, true, true, 1, QuietVerdict.InMaintenance)]
    [InlineData(false, NotifiedChange.MoreFailures, false, false, 5, QuietVerdict.Repeat)]
    [InlineData(false, NotifiedChange.MoreFailures, false, false, 30, QuietVerdict.Send)]   // interval passed
    [InlineData(false, NotifiedChange.MoreFailures, false, false, null, QuietVerdict.Send)] // never sent
    [InlineData(false, NotifiedChange.Worse, false, false, 1, QuietVerdict.Send)]          // worse always goes
    [InlineData(false, NotifiedChange.Opened, false, false, 1, QuietVerdict.Send)]
    [InlineData(false, NotifiedChange.Acknowledged, false, false, 1, QuietVerdict.Send)]
    [InlineData(false, NotifiedChange.Resolved, false, false, 1, QuietVerdict.Send)]
    [InlineData(false, NotifiedChange.Opened, true, true, null, QuietVerdict.Digest)]
    [InlineData(false, NotifiedChange.Opened, true, false, null, QuietVerdict.Send)]       // no digest asked
    [InlineData(false, NotifiedChange.Opened, false, true, null, QuietVerdict.Send)]       // errors never wait
    [InlineData(false, NotifiedChange.MoreFailures, true, true, 5, QuietVerdict.Repeat)]
    public void Decide_Matrix(bool maintenance, NotifiedChange change, bool onlyWarning, bool digest, int? minutesSinceSent, QuietVerdict expected)
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        DateTimeOffset? last = minutesSinceSent is { } m ? now.AddMinutes(-m) : null;
        Assert.Equal(expected, QuietRules.Decide(maintenance, change, onlyWarning, digest, last, TimeSpan.FromMinutes(15), now));
    }

    [Fact]
    public void NoRepeatInterval_SuppressesNothing() =>
        Assert.False(QuietRules.IsRepeat(NotifiedChange.MoreFailures, Created, null, Created.AddSeconds(1)));
}
