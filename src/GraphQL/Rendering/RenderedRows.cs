using System.Collections;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>
/// A list field's rows as read by a <see cref="PlainSelection"/>: each row's serialized values in selection order,
/// flattened. GraphQL.NET writes a list node's <c>SerializedResult</c> as an <see cref="IEnumerable"/> with the
/// serializer's options, where <see cref="RenderedRowsJsonConverter"/> writes it; the bytes are the ones the
/// executor's nodes would have produced (RenderedRowsTests compares). Enumerating gives the rows as the executor's
/// <c>ToValue()</c> does: dictionaries by response key.
/// </summary>
internal sealed class RenderedRows(PlainSelection selection, int count, List<object?> values) : IEnumerable
{
    /// <summary>Marks a present (non-null) object in <see cref="Values"/>; its fields' values follow it.</summary>
    public static readonly object Present = new();

    public PlainSelection Selection { get; } = selection;
    public int Count { get; } = count;
    public List<object?> Values { get; } = values;

    public IEnumerator GetEnumerator()
    {
        var index = 0;
        for (var i = 0; i < Count; i++)
        {
            yield return ToDictionary(Selection, ref index);
        }
    }

    private Dictionary<string, object?>? ToDictionary(PlainSelection selection, ref int index)
    {
        if (Values[index++] is null)
        {
            return null;
        }

        var row = new Dictionary<string, object?>(selection.Fields.Length);
        foreach (var field in selection.Fields)
        {
            row[field.Key] = field.Kind switch
            {
                PlainFieldKind.Typename => selection.Type.Name,
                PlainFieldKind.Scalar => Values[index++],
                _ => ToDictionary(field.Selection!, ref index),
            };
        }

        return row;
    }
}
