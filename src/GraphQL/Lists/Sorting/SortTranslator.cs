using DqPlatform.GraphQL.Errors;

namespace DqPlatform.GraphQL.Lists.Sorting;

/// <summary>
/// Turns an <c>order:</c> argument (<c>[{field: ASC|DESC}]</c>) into sort keys, always ending with the unique key so
/// that every row has one place in the order and keyset cursors never skip or repeat rows.
/// </summary>
public static class SortTranslator
{
    public static IReadOnlyList<SortKey> Keys<T>(ListSpec<T> spec, IEnumerable<IDictionary<string, object?>>? order)
    {
        var keys = new List<SortKey>();
        foreach (var item in order ?? [])
        {
            foreach (var (name, direction) in item)
            {
                if (direction is null)
                {
                    continue;
                }

                var field = spec.Find(name);
                if (field is null || !field.Sortable)
                {
                    throw new InvalidArgumentException($"'{name}' cannot be sorted.", name);
                }

                keys.Add(new SortKey(field.Expression, direction is SortDirection.Desc));
            }
        }

        if (keys.Count == 0)
        {
            keys.AddRange(spec.DefaultOrder);
        }

        var tieBreakDescending = keys.Count > 0 && keys[^1].Descending;
        keys.Add(new SortKey(spec.UniqueKey, tieBreakDescending));
        return keys;
    }
}
