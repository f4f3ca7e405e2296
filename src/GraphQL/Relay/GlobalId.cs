using System.Buffers.Text;
using System.Text;
using DqPlatform.GraphQL.Errors;

namespace DqPlatform.GraphQL.Relay;

/// <summary>Relay global ids: base64url of <c>Type:key</c>, opaque to clients and unique across types.</summary>
public static class GlobalId
{
    // Ids are written for every row of every page, so the UTF-8 text is built on the stack: one string per id.
    public static string Encode(string typeName, Guid id)
    {
        Span<byte> text = stackalloc byte[Encoding.UTF8.GetMaxByteCount(typeName.Length) + 33];
        var length = Encoding.UTF8.GetBytes(typeName, text);
        text[length++] = (byte)':';
        id.TryFormat(text[length..], out var written, "N");
        return Base64Url.EncodeToString(text[..(length + written)]);
    }

    public static string Encode(string typeName, string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(typeName.Length + key.Length + 1);
        Span<byte> text = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(typeName, text);
        text[length++] = (byte)':';
        length += Encoding.UTF8.GetBytes(key, text[length..]);
        return Base64Url.EncodeToString(text[..length]);
    }

    /// <summary>
    /// The uuid behind <paramref name="value"/>, which must be a global id of one of <paramref name="typeNames"/>: what
    /// every argument and filter that refers to an object takes. A raw UUID, text that does not decode or another
    /// type's id is the client's mistake, refused with a message that says what <paramref name="field"/> expects.
    /// </summary>
    public static Guid Require(string value, IReadOnlyList<string> typeNames, string field)
    {
        if (TryDecode(value, out string type, out string key) && typeNames.Contains(type, StringComparer.Ordinal)
            && Guid.TryParseExact(key, "N", out var id))
        {
            return id;
        }

        var expected = typeNames.Count == 1 ? typeNames[0] : string.Join(", ", typeNames.SkipLast(1)) + " or " + typeNames[^1];
        var problem = Guid.TryParse(value, out _) ? "not a raw UUID"
            : type.Length > 0 && !typeNames.Contains(type, StringComparer.Ordinal) && IsTypeName(type) ? $"this one is of type {type}"
            : "this value is not one";
        throw new InvalidGlobalIdException($"'{field}' takes a global id of type {expected} (the `id` the API returns); {problem}.", field);
    }

    public static bool TryDecode(string globalId, out string typeName, out Guid id)
    {
        id = Guid.Empty;
        return TryDecode(globalId, out typeName, out string key) && Guid.TryParseExact(key, "N", out id);
    }

    public static bool TryDecode(string globalId, out string typeName, out string key)
    {
        typeName = key = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(globalId));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            typeName = text[..colon];
            key = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // Text that happens to decode is not named as a type unless it looks like one.
    private static bool IsTypeName(string text) => text.Length <= 64 && text.All(char.IsAsciiLetterOrDigit);
}
