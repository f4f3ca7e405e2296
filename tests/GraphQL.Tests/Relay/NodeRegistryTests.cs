using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.Tests.Relay;

/// <summary>
/// <c>nodes(ids:)</c> through the registry: one load per type asked for, answers in the order asked, null for what no
/// type finds, and at most a page of ids (refused in the words of the product's <see cref="IClientErrors"/>).
/// </summary>
public sealed class NodeRegistryTests
{
    private readonly List<List<Guid>> _uuidLoads = [];
    private readonly List<string> _keyLoads = [];

    [Fact]
    public async Task OneLoadPerType_InTheOrderAsked_NullForUnknownForeignOrMalformed()
    {
        var (a, b, foreign) = (new Thing(Guid.NewGuid()), new Thing(Guid.NewGuid()), Guid.NewGuid());
        var registry = Registry(a, b);
        string[] ids =
        [
            GlobalId.Encode("Thing", b.Id), GlobalId.Encode("Thing", foreign), "garbage", GlobalId.Encode("Unknown", a.Id),
            GlobalId.Encode("Thing", a.Id.ToString("N").ToUpperInvariant()), GlobalId.Encode("Pair", "1.2"), GlobalId.Encode("Pair", "x"),
        ];

        var found = await registry.FindManyAsync(new ServiceCollection().BuildServiceProvider(), ids, CancellationToken.None);

        Assert.Equal<object?>([b, null, null, null, a, "pair 1.2", null], found);
        // Both spellings of a's uuid are one key; the foreign id is asked for and simply not found.
        Assert.Equal([[b.Id, foreign, a.Id]], _uuidLoads);
        Assert.Equal(["1.2", "x"], _keyLoads);
    }

    [Fact]
    public async Task MoreThanAPageOfIds_IsRefused_AsTheProductReportsIt()
    {
        var registry = Registry();
        var ids = Enumerable.Repeat(GlobalId.Encode("Thing", Guid.NewGuid()), NodeRegistry.MaxIds + 1).ToList();
        var plain = new ServiceCollection().BuildServiceProvider();
        var product = new ServiceCollection().AddSingleton<IClientErrors, ProductErrors>().BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<InvalidArgumentException>(() => registry.FindManyAsync(plain, ids, CancellationToken.None));
        var reported = await Assert.ThrowsAsync<ProductException>(() => registry.FindManyAsync(product, ids, CancellationToken.None));

        Assert.Equal(("'ids' may name at most 100 objects.", "ids"), (refused.Message, refused.Field));
        Assert.Equal(("'ids' may name at most 100 objects.", "ids"), (reported.Message, reported.Field));
        Assert.Empty(_uuidLoads);
        Assert.Equal(100, NodeRegistry.MaxIds);
    }

    private NodeRegistry Registry(params Thing[] things) => new(
    [
        NodeType.ByUuid("Thing", (_, ids, _) =>
        {
            _uuidLoads.Add(ids);
            return Task.FromResult(things.Where(t => ids.Contains(t.Id)).ToList());
        }, (Thing t) => t.Id),
        NodeType.ByKey("Pair", (_, key, _) =>
        {
            _keyLoads.Add(key);
            return Task.FromResult<object?>(key.Contains('.', StringComparison.Ordinal) ? "pair " + key : null);
        }),
    ]);

    private sealed record Thing(Guid Id);

    private sealed class ProductException(string message, string? field) : Exception(message)
    {
        public string? Field { get; } = field;
    }

    private sealed class ProductErrors : IClientErrors
    {
        public Exception InvalidArgument(InvalidArgumentException error) => new ProductException(error.Message, error.Field);

        public Exception InvalidGlobalId(InvalidGlobalIdException error) => new ProductException(error.Message, error.Field);

        public bool IsReported(Exception exception) => exception is ProductException;
    }
}
