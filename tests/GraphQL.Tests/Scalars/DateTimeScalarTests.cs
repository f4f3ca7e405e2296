using DqPlatform.GraphQL.Scalars;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Tests.Scalars;

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
    public void Serialize_AnyValue_MatchesTheBaseScalarAndParsesBack(DateTimeOffset value)
    {
        var expected = new DateTimeOffsetGraphType().Serialize(value);

        Assert.Equal(expected, new DateTimeScalar().Serialize(value));
        Assert.Equal(value, new DateTimeScalar().ParseValue(expected));
    }

    [Fact]
    public void ZeroFraction_HasNoDecimalPoint_OthersLoseTrailingZeros()
    {
        Assert.Equal("2026-11-25T14:00:00+00:00", new DateTimeScalar().Serialize(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11-25T14:00:00.12+01:00", new DateTimeScalar().Serialize(new DateTimeOffset(2026, 11, 25, 14, 0, 0, 120, TimeSpan.FromHours(1))));
    }
}
