using DqPlatform.GraphQL.Errors;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>Relay paging arguments, validated: default page 25, at most 100, never first and last together.</summary>
public sealed record PageArguments(int? First, string? After, int? Last, string? Before)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;

    public bool Backward => Last is not null || (First is null && Before is not null);

    public int Size
    {
        get
        {
            if (First is not null && Last is not null)
            {
                throw new InvalidArgumentException("Pass either 'first' or 'last', not both.", "first");
            }

            var size = First ?? Last ?? DefaultSize;
            return size is < 0 or > MaxSize
                ? throw new InvalidArgumentException($"Page size must be between 0 and {MaxSize}.", First is null ? "last" : "first")
                : size;
        }
    }
}
