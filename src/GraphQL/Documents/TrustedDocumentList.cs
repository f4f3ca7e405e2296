using System.Text.Json;

namespace DqPlatform.GraphQL.Documents;

/// <summary>
/// The documents the host trusts, read once from an Apollo persisted query manifest (see
/// <see cref="PersistedDocumentOptions.TrustedDocumentsManifest"/>): found by their manifest id or by the sha256 of
/// their text, which for a manifest generated with Apollo's defaults is the same thing.
/// </summary>
public sealed class TrustedDocumentList
{
    private const string ManifestFormat = "apollo-persisted-query-manifest";

    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byHash = new(StringComparer.Ordinal);

    public static TrustedDocumentList Empty { get; } = new();

    public int Count => _byHash.Count;

    /// <summary>Reads the manifest; a file that is not one stops the host at startup rather than trusting nothing quietly.</summary>
    public static TrustedDocumentList Load(string path)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = manifest.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != ManifestFormat
            || !root.TryGetProperty("operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path} is not an {ManifestFormat} (format, version, operations[{{id, body}}]).");
        }

        var list = new TrustedDocumentList();
        foreach (var operation in operations.EnumerateArray())
        {
            var id = operation.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            var body = operation.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            if (id is null || body is null)
            {
                throw new InvalidDataException($"{path}: every operation needs a string 'id' and 'body'.");
            }

            list._byId[id] = body;
            list._byHash[DocumentHash.Sha256(body)] = body;
        }

        return list;
    }

    /// <summary>The document with this manifest id or sha256 hash, or null.</summary>
    public string? Find(string idOrHash) =>
        _byId.TryGetValue(idOrHash, out var body) || _byHash.TryGetValue(idOrHash.ToLowerInvariant(), out body) ? body : null;

    /// <summary>Whether this exact text is a trusted document.</summary>
    public bool Contains(string document) => _byHash.ContainsKey(DocumentHash.Sha256(document));
}
