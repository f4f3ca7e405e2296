using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace DqPlatform.Infrastructure.Queries.Exports;

/// <summary>
/// How a value read from a source becomes JSON or CSV text, the same in interactive answers and in exports:
/// numbers stay numbers, instants are ISO 8601 in UTC, dates <c>yyyy-MM-dd</c>, bytes base64, arrays lists.
/// </summary>
public static class ResultValues
{
    /// <summary>A value JSON can carry as is (bool, number, string, list) or null.</summary>
    public static object? Plain(object? value) => value switch
    {
        null or DBNull => null,
        bool or byte or short or int or long or sbyte or ushort or uint or ulong => value,
        decimal d => d,
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        float f => float.IsFinite(f) ? f : f.ToString(CultureInfo.InvariantCulture),
        string s => s,
        byte[] bytes => Convert.ToBase64String(bytes),
        IList list when value is not string => list.Cast<object?>().Select(Plain).ToList(),
        _ => Text(value),
    };

    /// <summary>The text of a non-null value for CSV (and for JSON values that are not numbers or booleans).</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTime { Kind: DateTimeKind.Unspecified } t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IList list => JsonSerializer.Serialize(list.Cast<object?>().Select(Plain)),
        _ => value.ToString() ?? "",
    };

    /// <summary>Writes one value as JSON.</summary>
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (Plain(value))
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case decimal d:
                json.WriteNumberValue(d);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case float f:
                json.WriteNumberValue(f);
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case IList list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case var integer:
                json.WriteNumberValue(Convert.ToInt64(integer, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A rough size of a value in an answer, to hold interactive answers under their byte cap.</summary>
    /// <summary>
    /// About the bytes <paramref name="value"/> takes in a JSON answer: UTF-8 text, base64 bytes, and arrays and
    /// composite values by what they hold (an array of one 1 MB string is a megabyte, not eight bytes).
    /// </summary>
    public static long SizeOf(object? value) => value switch
    {
        null or DBNull => 4,
        string s => System.Text.Encoding.UTF8.GetByteCount(s) + 2,
        byte[] b => ((b.Length + 2) / 3 * 4) + 2,
        IDictionary d => 2 + d.Keys.Cast<object?>().Sum(SizeOf) + d.Values.Cast<object?>().Sum(SizeOf),
        IEnumerable e => 2 + e.Cast<object?>().Sum(v => SizeOf(v) + 1),
        _ => 16,
    };
}

public static class ResultColumns
{
    /// <summary>Column names made unique (<c>id</c>, <c>id_2</c>, …) for formats keyed by name; empty names become <c>column_N</c>.</summary>
    public static string[] UniqueNames(DbDataReader reader)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            var name = reader.GetName(i) is { Length: > 0 } given ? given : "column_" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var unique = name;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            names[i] = unique;
        }

        return names;
    }
}
