using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DqPlatform.Api.GraphQL.Rendering;

/// <summary>
/// A list field's rows as read by a <see cref="PlainSelection"/>: each row's serialized values in selection order,
/// flattened. GraphQL.NET writes a list node's <c>SerializedResult</c> with the serializer's options, which finds the
/// converter below; the bytes are the ones the executor's nodes would have produced (RenderedRowsTests compares).
/// Enumerating gives the rows as the executor's <c>ToValue()</c> does: dictionaries by response key.
/// </summary>
[JsonConverter(typeof(RenderedRowsJsonConverter))]
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

internal sealed class RenderedRowsJsonConverter : JsonConverter<RenderedRows>
{
    public override RenderedRows Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Rendered rows are written, never read.");

    public override void Write(Utf8JsonWriter writer, RenderedRows value, JsonSerializerOptions options)
    {
        var index = 0;
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            WriteObject(writer, value.Selection, value.Values, ref index, options);
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
