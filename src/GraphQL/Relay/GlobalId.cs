using System.Buffers.Text;
using System.Text;

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
}
