using System.Text;

namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// Gathers sample rows as they are read, up to the row limit and a byte cap (the UTF-8 size of the values): a row that
/// would pass the cap is left out and the sample marked truncated, and a single value longer than
/// <see cref="MaxValueChars"/> is cut, so one wide text column cannot fill the sample on its own.
/// </summary>
public sealed class SampleCollector(IReadOnlyList<string> columns, int limit, int maxBytes)
{
    public const int MaxValueChars = 1024;

    private readonly List<IReadOnlyList<string?>> _rows = [];
    private int _bytes = columns.Sum(c => Encoding.UTF8.GetByteCount(c));
    private bool _truncated;

    /// <summary>False once the sample is full (limit reached or the cap passed): the reader can stop.</summary>
    public bool Add(IReadOnlyList<string?> values)
    {
        if (_rows.Count >= limit)
        {
            return false;
        }

        var row = new string?[values.Count];
        var size = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value is { Length: > MaxValueChars })
            {
                value = value[..MaxValueChars];
                _truncated = true;
            }

            row[i] = value;
            size += value is null ? 4 : Encoding.UTF8.GetByteCount(value);
        }

        if (_bytes + size > maxBytes)
        {
            _truncated = true;
            return false;
        }

        _bytes += size;
        _rows.Add(row);
        return _rows.Count < limit;
    }

    public FailedRowSample ToSample() => new(columns, _rows, [.. columns.Select(_ => (SampleMask?)null)], _truncated,
        _truncated ? $"Cut to stay within {maxBytes} bytes (values at most {MaxValueChars} characters)." : null);
}
