using System.Text.Json.Nodes;

namespace DqPlatform.Api.Connections;

/// <summary>
/// Connection configs leave the server with every secret replaced: any field whose name says password, secret,
/// token, key or credential, at any depth.
/// </summary>
public static class ConfigRedactor
{
    public const string Mask = "********";
    private static readonly string[] SecretMarkers = ["password", "passwd", "secret", "token", "key", "credential", "private"];

    public static bool IsSecret(string field) =>
        SecretMarkers.Any(m => field.Contains(m, StringComparison.OrdinalIgnoreCase));

    public static string Redact(string json)
    {
        var node = JsonNode.Parse(json);
        Redact(node);
        return node?.ToJsonString() ?? "{}";
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name) && obj[name] is not null)
                    {
                        obj[name] = Mask;
                    }
                    else
                    {
                        Redact(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }

                break;
        }
    }
}
