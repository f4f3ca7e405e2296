namespace DqPlatform.Domain.Connections;

/// <summary>A column as schema drift sees it: its name and its full type as the source spells it (<c>numeric(12,2)</c>).</summary>
public sealed record ColumnShape(string Name, string DataType);

public enum ColumnChangeKind
{
    Added,
    Removed,
    TypeChanged,
}

/// <summary>One difference between two readings of a table's columns.</summary>
public sealed record ColumnChange(ColumnChangeKind Kind, string Column, string? From, string? To)
{
    public string Describe() => Kind switch
    {
        ColumnChangeKind.Added => $"column `{Column}` added ({To})",
        ColumnChangeKind.Removed => $"column `{Column}` removed",
        _ => $"`{Column}` changed from {From} to {To}",
    };
}

/// <summary>
/// The drift rule: how two readings of one table's columns differ. Columns are matched by exact name (a renamed column
/// is one removed and one added); types compare case-insensitively, since sources differ only in how they spell case.
/// Changes come removed first (in the earlier reading's order), then type changes and additions (in the new order).
/// </summary>
public static class SchemaDrift
{
    public static IReadOnlyList<ColumnChange> Compare(IReadOnlyList<ColumnShape> before, IReadOnlyList<ColumnShape> after)
    {
        var earlier = before.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().DataType, StringComparer.Ordinal);
        var now = after.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var changes = new List<ColumnChange>();
        changes.AddRange(before.Where(c => !now.Contains(c.Name)).DistinctBy(c => c.Name)
            .Select(c => new ColumnChange(ColumnChangeKind.Removed, c.Name, c.DataType, null)));
        foreach (var column in after.DistinctBy(c => c.Name))
        {
            if (!earlier.TryGetValue(column.Name, out var type))
            {
                changes.Add(new ColumnChange(ColumnChangeKind.Added, column.Name, null, column.DataType));
            }
            else if (!string.Equals(Normalize(type), Normalize(column.DataType), StringComparison.OrdinalIgnoreCase))
            {
                changes.Add(new ColumnChange(ColumnChangeKind.TypeChanged, column.Name, type, column.DataType));
            }
        }

        return changes;
    }

    /// <summary>The changes in words, e.g. "column `email` removed; `amount` changed from integer to numeric(12,2)".</summary>
    public static string Describe(IEnumerable<ColumnChange> changes) => string.Join("; ", changes.Select(c => c.Describe()));

    private static string Normalize(string type) => string.Join(' ', type.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
