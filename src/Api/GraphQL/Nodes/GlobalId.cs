using System.Buffers.Text;
using System.Text;

namespace DqPlatform.Api.GraphQL.Nodes;

/// <summary>Relay global ids: base64url of <c>Type:key</c>, opaque to clients and unique across types.</summary>
public static class GlobalId
{
    public static string Encode(string typeName, Guid id) => Encode(typeName, id.ToString("N"));

    public static string Encode(string typeName, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{typeName}:{key}"));

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
