using System.Linq.Expressions;
using System.Text;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Lists.Paging;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.GraphQL.Tests.Lists;

/// <summary>Keyset cursors carry their order's fingerprint: a cursor of another order, or a forged one, is refused.</summary>
public sealed class CursorTests
{
    private static readonly SortKey[] ByStatusThenId = [Key(r => r.Status, descending: true), Key(r => r.Id)];
    private static readonly SortKey[] ById = [Key(r => r.Id)];

    [Fact]
    public void ACursor_ReadsBackItsValues()
    {
        var id = Guid.NewGuid();
        var cursor = Cursor.Encode(Cursor.Fingerprint(ByStatusThenId), [Status.Open, id]);

        Assert.Equal<object?>([Status.Open, id], Cursor.Decode(ByStatusThenId, cursor));
    }

    [Fact]
    public void ACursorOfAnotherOrder_IsRefused()
    {
        var cursor = Cursor.Encode(Cursor.Fingerprint(ById), [Guid.NewGuid()]);

        var error = Assert.Throws<InvalidArgumentException>(() => Cursor.Decode(ByStatusThenId, cursor));
        Assert.Equal(("The cursor belongs to a different order; start again from the first page.", "after"), (error.Message, error.Field));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("W10")] // [], not an object
    public void Garbage_IsRefused(string cursor)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => Cursor.Decode(ById, cursor));
        Assert.Equal(("The cursor is not valid.", "after"), (error.Message, error.Field));
    }

    [Fact]
    public void AForgedEnumNumber_IsRefused()
    {
        var payload = $$"""{"Order":"{{Cursor.Fingerprint(ByStatusThenId)}}","Values":[7,"{{Guid.NewGuid()}}"]}""";
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var error = Assert.Throws<InvalidArgumentException>(() => Cursor.Decode(ByStatusThenId, forged));
        Assert.Equal(("The cursor is not valid.", "after"), (error.Message, error.Field));
    }

    private static SortKey Key<TValue>(Expression<Func<Row, TValue>> column, bool descending = false) => new(column, descending);

    private enum Status
    {
        Open,
        Resolved,
    }

    private sealed record Row(Guid Id, Status Status);
}
