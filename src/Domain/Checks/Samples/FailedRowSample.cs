namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// Rows a failing run kept: the column names, each row's values as text (null for SQL NULL), which columns were
/// masked and how, whether rows or values were cut to stay within the byte cap, and a note when no sample could be read. What is stored (encrypted) and shown.
/// </summary>
public sealed record FailedRowSample(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows,
    IReadOnlyList<SampleMask?> Masks,
    bool Truncated,
    string? Note = null)
{
    /// <summary>The marker a redacted value is stored as.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>
    /// Applies the check's masks: hashed columns through <paramref name="hash"/>, redacted ones to <see cref="Redacted"/>.
    /// A NULL stays NULL (that a value is missing is what a null check reports, not a secret).
    /// </summary>
    public FailedRowSample Masked(IReadOnlyDictionary<string, SampleMask> mask, Func<string, string> hash)
    {
        var masks = Columns.Select(c => mask.TryGetValue(c, out var m) ? m : (SampleMask?)null).ToArray();
        if (masks.All(m => m is null))
        {
            return this with { Masks = masks };
        }

        var rows = Rows.Select(row => (IReadOnlyList<string?>)row.Select((value, i) => value is null ? null : masks[i] switch
        {
            SampleMask.Hash => hash(value),
            SampleMask.Redact => Redacted,
            _ => value,
        }).ToArray()).ToArray();
        return this with { Rows = rows, Masks = masks };
    }
}
