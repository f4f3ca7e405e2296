using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DqPlatform.Api.GraphQL.Rendering;

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

/// <summary>
/// Writes what GraphQL.NET serializes as <see cref="IEnumerable"/> (a list node's <c>SerializedResult</c>): rendered
/// rows from their values, any other list as System.Text.Json's own converter would, element by element as objects.
/// </summary>
public sealed class RenderedRowsJsonConverter : JsonConverter<IEnumerable>
{
    public override IEnumerable Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Result lists are written, never read.");

    public override void Write(Utf8JsonWriter writer, IEnumerable value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value is RenderedRows rows)
        {
            var index = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                WriteObject(writer, rows.Selection, rows.Values, ref index, options);
            }
        }
        else
        {
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, PlainSelection selection, List<object?> values, ref int index, JsonSerializerOptions options)
    {
        if (values[index++] is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        var naming = options.PropertyNamingPolicy;
        foreach (var field in selection.Fields)
        {
            // As GraphQL.NET's ExecutionResultJsonConverter names an object node's fields.
            if (naming is null)
            {
                writer.WritePropertyName(field.EncodedKey);
            }
            else
            {
                writer.WritePropertyName(naming.ConvertName(field.Key));
            }

            switch (field.Kind)
            {
                case PlainFieldKind.Typename:
                    writer.WriteStringValue(selection.Type.Name);
                    break;
                case PlainFieldKind.Scalar:
                    // As it writes a value node: the scalar's serialized value through the same options.
                    JsonSerializer.Serialize(writer, values[index++], options);
                    break;
                default:
                    WriteObject(writer, field.Selection!, values, ref index, options);
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
