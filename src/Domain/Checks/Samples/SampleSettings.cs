using System.Text.Json;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// How a row-level check samples the rows that broke its rule, from its config's <c>samples</c> object:
/// <c>{"limit": 20, "keyColumns": ["id"], "columns": ["email"], "mask": {"email": "hash"}}</c>. Every part is
/// optional; <c>limit</c> 0 turns sampling off. The sample shows <c>keyColumns</c> when given, else the target column
/// and <c>columns</c>; <c>mask</c> names columns of the sample to hash or redact before anything is stored.
/// </summary>
public sealed record SampleSettings(int Limit, IReadOnlyList<string> KeyColumns, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, SampleMask> Mask)
{
    public const string FieldName = "samples";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxColumns = 20;

    public static readonly SampleSettings Default = new(DefaultLimit, [], [], new Dictionary<string, SampleMask>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The config field every sampling check type lists in the catalog.</summary>
    public static readonly ConfigField Field = new(FieldName, ConfigFieldKind.Object, false,
        $"Failed-row samples: {{\"limit\": 0–{MaxLimit} (default {DefaultLimit}, 0 turns them off), \"keyColumns\": [..], \"columns\": [..], \"mask\": {{\"column\": \"hash\" | \"redact\"}}}}. "
        + "The sample shows keyColumns when given, else the target column and columns.");

    public bool Enabled => Limit > 0;

    /// <summary>The columns a sample of a check on <paramref name="targetColumn"/> shows, in order, without repeats.</summary>
    public IReadOnlyList<string> ColumnsFor(string? targetColumn) =>
        KeyColumns.Count > 0 ? KeyColumns : [.. new[] { targetColumn }.Concat(Columns).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The config's settings (the defaults when it has none); throws VALIDATION naming the offending part.</summary>
    public static SampleSettings Of(CheckConfig config)
    {
        if (!config.TryGet(FieldName, out var samples))
        {
            return Default;
        }

        const string path = "config." + FieldName;
        if (samples.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("'samples' must be an object.", path);
        }

        var limit = DefaultLimit;
        string[] keys = [], columns = [];
        // Masks match result columns whatever case the database spells them in: a missed mask would store the clear value.
        var mask = new Dictionary<string, SampleMask>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in samples.EnumerateObject())
        {
            switch (property.Name)
            {
                case "limit":
                    if (!property.Value.TryGetInt32(out limit) || limit is < 0 or > MaxLimit)
                    {
                        throw new ValidationException($"'samples.limit' must be an integer from 0 to {MaxLimit}.", path + ".limit");
                    }

                    break;
                case "keyColumns":
                    keys = Names(property.Value, path + ".keyColumns");
                    break;
                case "columns":
                    columns = Names(property.Value, path + ".columns");
                    break;
                case "mask":
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new ValidationException("'samples.mask' must map column names to \"hash\" or \"redact\".", path + ".mask");
                    }

                    foreach (var masked in property.Value.EnumerateObject())
                    {
                        SqlIdentifier.Require(masked.Name, path + ".mask");
                        mask[masked.Name] = masked.Value.GetString() switch
                        {
                            "hash" when masked.Value.ValueKind == JsonValueKind.String => SampleMask.Hash,
                            "redact" when masked.Value.ValueKind == JsonValueKind.String => SampleMask.Redact,
                            _ => throw new ValidationException($"'samples.mask.{masked.Name}' must be \"hash\" or \"redact\".", path + ".mask." + masked.Name),
                        };
                    }

                    break;
                default:
                    throw new ValidationException($"'samples' has no field '{property.Name}'. Fields: limit, keyColumns, columns, mask.", path + "." + property.Name);
            }
        }

        return new SampleSettings(limit, keys, columns, mask);
    }

    private static string[] Names(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxColumns || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new ValidationException($"'{path["config.".Length..]}' must be a list of at most {MaxColumns} column names.", path);
        }

        return [.. value.EnumerateArray().Select(v => SqlIdentifier.Require(v.GetString(), path)).Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>What happens to a sampled column's values before they are stored.</summary>
public enum SampleMask
{
    /// <summary>A keyed SHA-256 (HMAC) of the value, hex: equal values stay equal within a workspace, the value is not readable.</summary>
    Hash,

    /// <summary>Replaced by a fixed marker.</summary>
    Redact,
}
