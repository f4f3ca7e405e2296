using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DqPlatform.GraphQL.Rendering;

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
