using System.Text.Json;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// The check types a definition may name: what each measures, whether it targets a table or a column, and the config
/// fields it takes. <see cref="Validate"/> is applied when a check is saved, so a check that cannot run is never stored.
/// </summary>
public static class CheckCatalog
{
    private static readonly ConfigField Min = new("min", ConfigFieldKind.Number, false, "Fail when the measured value is below this.");
    private static readonly ConfigField Max = new("max", ConfigFieldKind.Number, false, "Fail when the measured value is above this.");

    private static readonly CheckType[] Types =
    [
        Bounded("row_count", CheckTargetType.Table, "Number of rows in the table."),
        Bounded("null_count", CheckTargetType.Column, "Number of NULLs in the column."),
        Bounded("null_percent", CheckTargetType.Column, "Percentage of NULLs in the column (0–100).", percent: true),
        Bounded("distinct_count", CheckTargetType.Column, "Number of distinct non-NULL values."),
        Bounded("duplicate_count", CheckTargetType.Column, "Number of non-NULL values that repeat an earlier value (non-NULL count minus distinct count)."),
        Bounded("duplicate_percent", CheckTargetType.Column, "Share of non-NULL values that repeat an earlier value (0–100).", percent: true),
        Bounded("min_value", CheckTargetType.Column, "Smallest value of a numeric column."),
        Bounded("max_value", CheckTargetType.Column, "Largest value of a numeric column."),
        Bounded("mean_value", CheckTargetType.Column, "Mean of a numeric column."),
        Bounded("sum_value", CheckTargetType.Column, "Sum of a numeric column."),
        Bounded("text_length", CheckTargetType.Column, "Longest text length in the column; min applies to the shortest."),
        Bounded("regex_match_percent", CheckTargetType.Column, "Percentage of non-NULL values matching a regular expression.", percent: true,
            extra: new ConfigField("pattern", ConfigFieldKind.Regex, true, "The regular expression values must match.")),
        Bounded("accepted_values_percent", CheckTargetType.Column, "Percentage of non-NULL values within an accepted list.", percent: true,
            extra: new ConfigField("values", ConfigFieldKind.StringList, true, "The accepted values.")),
        new("freshness", CheckTargetType.Column, "Age in seconds of the newest timestamp in the column.",
            [new ConfigField("maxAgeSeconds", ConfigFieldKind.Number, true, "Fail when the newest row is older than this.")]),
        new("column_exists", CheckTargetType.Column, "Fails when the column is missing from the table.", []),
        Bounded("column_count", CheckTargetType.Table, "Number of columns of the table (drift detection)."),
        Bounded("custom_sql", CheckTargetType.Table, "A read-only SQL query returning one number.",
            extra: new ConfigField("sql", ConfigFieldKind.String, true, "SELECT returning a single numeric value.")),
        new("anomaly", CheckTargetType.Table, "Row count departing from its own recent history.",
        [
            new ConfigField("window", ConfigFieldKind.Integer, false, "How many previous results form the history (default 14, 3–365)."),
            new ConfigField("maxStdDevs", ConfigFieldKind.Number, false, "Fail beyond this many standard deviations from the mean."),
            new ConfigField("maxPercent", ConfigFieldKind.Number, false, "Fail beyond this percentage change from the mean."),
        ]),
    ];

    public const int MaxAcceptedValues = 1000;

    private static readonly Dictionary<string, CheckType> ByName = Types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IReadOnlyList<CheckType> All => Types;

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryGetTarget(string checkType, out CheckTargetType target)
    {
        target = default;
        if (!ByName.TryGetValue(checkType, out var type))
        {
            return false;
        }

        target = type.Target;
        return true;
    }

    /// <summary>Checks <paramref name="configJson"/> against the type's fields; throws VALIDATION naming the field.</summary>
    public static void Validate(string checkType, string configJson)
    {
        var type = ByName.GetValueOrDefault(checkType) ?? throw new ValidationException($"Unknown check type '{checkType}'.", "checkType");
        using var document = JsonDocument.Parse(configJson);
        var config = document.RootElement;
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("'config' must be a JSON object.", "config");
        }

        foreach (var property in config.EnumerateObject())
        {
            var field = type.Fields.FirstOrDefault(f => f.Name == property.Name)
                ?? throw new ValidationException($"'{checkType}' has no config field '{property.Name}'. Fields: {string.Join(", ", type.Fields.Select(f => f.Name))}.", "config." + property.Name);
            ValidateValue(field, property.Value);
        }

        foreach (var missing in type.Fields.Where(f => f.Required && !config.TryGetProperty(f.Name, out _)))
        {
            throw new ValidationException($"'{checkType}' needs config field '{missing.Name}'.", "config." + missing.Name);
        }

        ValidateBounds(type, config);
    }

    private static void ValidateValue(ConfigField field, JsonElement value)
    {
        var path = "config." + field.Name;
        var ok = field.Kind switch
        {
            ConfigFieldKind.Number => value.ValueKind == JsonValueKind.Number,
            ConfigFieldKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            ConfigFieldKind.String or ConfigFieldKind.Regex => value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0,
            ConfigFieldKind.StringList => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
                && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
            _ => false,
        };
        if (!ok)
        {
            throw new ValidationException($"'{field.Name}' must be {Describe(field.Kind)}.", path);
        }

        if (field.Kind == ConfigFieldKind.Regex)
        {
            try
            {
                _ = new Regex(value.GetString()!, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                throw new ValidationException($"'{field.Name}' is not a valid regular expression: {e.Message}", path);
            }
        }
    }

    private static void ValidateBounds(CheckType type, JsonElement config)
    {
        double? Number(string name) => config.TryGetProperty(name, out var v) ? v.GetDouble() : null;
        var min = Number("min");
        var max = Number("max");
        if (type.IsBounded && min is null && max is null)
        {
            throw new ValidationException($"'{type.Name}' needs 'min', 'max' or both in its config.", "config.min");
        }

        if (min > max)
        {
            throw new ValidationException("'min' must not be greater than 'max'.", "config.min");
        }

        if (type.IsPercent && (min is < 0 or > 100 || max is < 0 or > 100))
        {
            throw new ValidationException("Percentages are between 0 and 100.", min is < 0 or > 100 ? "config.min" : "config.max");
        }

        if (type.Name == "anomaly")
        {
            if (Number("maxStdDevs") is null && Number("maxPercent") is null)
            {
                throw new ValidationException("'anomaly' needs 'maxStdDevs', 'maxPercent' or both.", "config.maxStdDevs");
            }

            if (Number("window") is { } window && window is < 3 or > 365)
            {
                throw new ValidationException("'window' must be between 3 and 365.", "config.window");
            }
        }

        if (type.Name == "custom_sql")
        {
            ReadOnlySql.Require(config.GetProperty("sql").GetString(), "config.sql");
        }

        if (config.TryGetProperty("values", out var values)
            && (values.GetArrayLength() > MaxAcceptedValues || values.EnumerateArray().Any(v => v.GetString()!.Length > 1000)))
        {
            throw new ValidationException($"'values' takes at most {MaxAcceptedValues} values of at most 1000 characters.", "config.values");
        }

        if (Number("maxAgeSeconds") is <= 0)
        {
            throw new ValidationException("'maxAgeSeconds' must be positive.", "config.maxAgeSeconds");
        }
    }

    private static string Describe(ConfigFieldKind kind) => kind switch
    {
        ConfigFieldKind.Number => "a number",
        ConfigFieldKind.Integer => "an integer",
        ConfigFieldKind.StringList => "a non-empty list of strings",
        ConfigFieldKind.Regex => "a regular expression",
        _ => "a non-empty string",
    };

    private static CheckType Bounded(string name, CheckTargetType target, string description, bool percent = false, ConfigField? extra = null) =>
        new(name, target, description, extra is null ? [Min, Max] : [extra, Min, Max]) { IsBounded = true, IsPercent = percent };
}

/// <summary>One entry of the catalog.</summary>
public sealed record CheckType(string Name, CheckTargetType Target, string Description, IReadOnlyList<ConfigField> Fields)
{
    /// <summary>The rule is "measured value within [min, max]".</summary>
    public bool IsBounded { get; init; }

    public bool IsPercent { get; init; }
}

public sealed record ConfigField(string Name, ConfigFieldKind Kind, bool Required, string Description);

public enum ConfigFieldKind
{
    Number,
    Integer,
    String,
    StringList,
    Regex,
}
