using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.GraphQL.Lists.Paging;

/// <summary>
/// A keyset cursor: the sort-key values of a row plus a fingerprint of the order they belong to, so a cursor keeps its
/// place when rows are inserted before it, and a cursor from another order is refused instead of misread.
/// </summary>
public static class Cursor
{
    // Enums travel by name only: a forged cursor with a number would otherwise carry a value no enum defines.
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };

    public static string Encode(string fingerprint, object?[] values)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(fingerprint, values.Select(v => JsonSerializer.SerializeToElement(v, Json)).ToArray()));
        return Base64Url.EncodeToString(payload);
    }

    public static object?[] Decode(IReadOnlyList<SortKey> keys, string cursor)
    {
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(cursor))!;
            if (payload.Order != Fingerprint(keys) || payload.Values.Length != keys.Count)
            {
                throw new InvalidArgumentException("The cursor belongs to a different order; start again from the first page.", "after");
            }

            var values = keys.Select((k, i) => payload.Values[i].Deserialize(k.Column.ReturnType, Json)).ToArray();
            if (values.Any(v => v is Enum e && !Enum.IsDefined(e.GetType(), e)))
            {
                throw new InvalidArgumentException("The cursor is not valid.", "after");
            }

            return values;
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException or ArgumentException)
        {
            throw new InvalidArgumentException("The cursor is not valid.", "after");
        }
    }

    /// <summary>Identifies an order (its columns and directions); computed once per page, not per row.</summary>
    public static string Fingerprint(IReadOnlyList<SortKey> keys)
    {
        var text = string.Join(';', keys.Select(k => $"{k.Column}:{(k.Descending ? 'd' : 'a')}"));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    private sealed record Payload(string Order, JsonElement[] Values);
}
