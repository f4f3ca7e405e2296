using DqPlatform.GraphQL.DataLoaders;

namespace DqPlatform.GraphQL.Tests.DataLoaders;

/// <summary>Keys asked for while a level is walked are loaded together, once, when the first of them is awaited.</summary>
public sealed class BatchLoaderTests
{
    [Fact]
    public async Task Load_KeysAskedTogether_AreFetchedOnceWithMissingOnesDefault()
    {
        var fetches = new List<IReadOnlyCollection<int>>();
        var loaders = new BatchLoaders();
        BatchLoader<int, string> Loader() => loaders.For<int, string>("numbers", (keys, _) =>
        {
            fetches.Add([.. keys]);
            return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.Where(k => k > 0).ToDictionary(k => k, k => $"#{k}"));
        });

        var one = Loader().Load(1);
        var two = Loader().Load(2);
        var none = Loader().Load(-1);
        Assert.Empty(fetches);

        Assert.Equal<string?[]>(["#1", "#2", null], [await one.GetResultAsync(), await two.GetResultAsync(), await none.GetResultAsync()]);
        Assert.Equal("#1", await Loader().Load(1).GetResultAsync());
        Assert.Equal([[1, 2, -1]], fetches.Select(f => f.ToArray()));
    }
}
