using DqPlatform.GraphQL.Scalars;

namespace DqPlatform.GraphQL.Tests.Scalars;

/// <summary>Every timestamp is answered in one shape: UTC, six fraction digits, Z.</summary>
public sealed class DateTimeScalarTests
{
    public static TheoryData<DateTimeOffset> Values() => new()
    {
        new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 25, 14, 0, 0, 120, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5.5)).AddTicks(1),
        new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(9_999_999),
        new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_000_000),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Serialize_AnyValue_IsUtcWithSixDigits_AndParsesBackToTheMicrosecond(DateTimeOffset value)
    {
        var text = (string)new DateTimeScalar().Serialize(value)!;

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", text);
        var parsed = (DateTimeOffset)new DateTimeScalar().ParseValue(text)!;
        Assert.Equal(value.UtcTicks - (value.UtcTicks % 10), parsed.UtcTicks);
    }

    [Fact]
    public void Serialize_KeepsZeroDigits_ConvertsToUtc_AndDropsTheSeventhDigitAsNpgsqlDoes()
    {
        Assert.Equal("2026-11-25T14:00:00.000000Z", new DateTimeScalar().Serialize(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11-25T13:00:00.120000Z", new DateTimeScalar().Serialize(new DateTimeOffset(2026, 11, 25, 14, 0, 0, 120, TimeSpan.FromHours(1))));
        Assert.Equal("2026-11-25T14:00:00.000001Z", new DateTimeScalar().Serialize(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero).AddTicks(19)));
    }
}
