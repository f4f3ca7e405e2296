using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Lists.Paging;

namespace DqPlatform.GraphQL.Tests.Lists;

/// <summary>Relay paging arguments: default page 25, at most 100, never first and last together.</summary>
public sealed class PageArgumentsTests
{
    [Theory]
    [InlineData(null, null, 25, false)]
    [InlineData(10, null, 10, false)]
    [InlineData(null, 7, 7, true)]
    [InlineData(0, null, 0, false)]
    [InlineData(100, null, 100, false)]
    public void PageArguments_FromFirstAndLast_GiveSizeAndDirection(int? first, int? last, int size, bool backward)
    {
        var args = new PageArguments(first, null, last, null);
        Assert.Equal((size, backward), (args.Size, args.Backward));
    }

    [Fact]
    public void BeforeAlone_PagesBackward() => Assert.True(new PageArguments(null, null, null, "c").Backward);

    [Theory]
    [InlineData(101, null, "first")]
    [InlineData(-1, null, "first")]
    [InlineData(null, 101, "last")]
    public void SizesOutOfRange_AreRefused(int? first, int? last, string field)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => new PageArguments(first, null, last, null).Size);
        Assert.Equal(("Page size must be between 0 and 100.", field), (error.Message, error.Field));
    }

    [Fact]
    public void FirstAndLast_AreRefused()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => new PageArguments(1, null, 1, null).Size);
        Assert.Equal(("Pass either 'first' or 'last', not both.", "first"), (error.Message, error.Field));
    }
}
