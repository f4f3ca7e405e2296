using System.Text.Json;

namespace DqPlatform.Domain.Checks;

/// <summary>A check's config, parsed once: the JSON object of type-specific parameters stored on the definition.</summary>
public sealed class CheckConfig
{
    private CheckConfig(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public bool IsObject => Root.ValueKind == JsonValueKind.Object;

    /// <summary>Throws <see cref="JsonException"/> for text that is not JSON (a run reports it as the check's failure).</summary>
    public static CheckConfig Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new CheckConfig(document.RootElement.Clone());
    }

    public bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return IsObject && Root.TryGetProperty(name, out value);
    }

    /// <summary>The named number, or null when it is absent or not a number.</summary>
    public double? Number(string name) =>
        TryGet(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public string Text(string name) => Root.GetProperty(name).GetString()!;

    public string[] Texts(string name) => [.. Root.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];
}
