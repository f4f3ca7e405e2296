using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// One kind of check: the config fields it takes, the SQL its sensor runs, and the rule that judges the reading. A
/// check that cannot run is never stored: <see cref="Validate"/> runs when a definition is saved.
/// </summary>
public abstract class CheckType(string name, CheckTargetType target, string description, IReadOnlyList<ConfigField> fields)
{
    public string Name => name;

    public CheckTargetType Target => target;

    public string Description => description;

    public IReadOnlyList<ConfigField> Fields => fields;

    /// <summary>
    /// Measures whether its target is there (a missing table or column is a reading, not an error), so the target is
    /// neither required to exist when the check is saved nor when it runs.
    /// </summary>
    public virtual bool MeasuresAbsence => false;

    /// <summary>Runs the tenant's own SQL, which names its own tables: the target is only a label.</summary>
    public virtual bool RunsUserSql => false;

    /// <summary>Whether a failing run keeps sample rows (see <see cref="Samples.SampleSettings"/>): the type lists the <c>samples</c> field.</summary>
    public bool SamplesFailedRows => Fields.Contains(Samples.SampleSettings.Field);

    /// <summary>The rows that break the rule, for samples; null for a type that judges no rows (a count, an age, a schema).</summary>
    public virtual Samples.FailedRows? FailedRows(SensorBuilder sensor, CheckConfig config) => null;

    /// <summary>The sensor's SQL; values from the config are bound through <paramref name="sensor"/>.</summary>
    public abstract string Sensor(SensorBuilder sensor, CheckConfig config);

    /// <summary>How many earlier values of the same check <see cref="Judge"/> wants, newest first.</summary>
    public virtual int HistoryNeeded(CheckConfig config) => 0;

    /// <param name="history">Earlier values of the same check, newest first (as many as <see cref="HistoryNeeded"/>).</param>
    public abstract RuleOutcome Judge(CheckConfig config, SensorReading reading, IReadOnlyList<decimal> history);

    public RuleOutcome Judge(string configJson, SensorReading reading, IReadOnlyList<decimal>? history = null) =>
        Judge(CheckConfig.Parse(configJson), reading, history ?? []);

    /// <summary>Checks the config against the fields and the type's own rules; throws VALIDATION naming the field.</summary>
    public void Validate(string configJson)
    {
        var config = CheckConfig.Parse(configJson);
        if (!config.IsObject)
        {
            throw new ValidationException("'config' must be a JSON object.", "config");
        }

        foreach (var property in config.Root.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => f.Name == property.Name)
                ?? throw new ValidationException($"'{Name}' has no config field '{property.Name}'. Fields: {string.Join(", ", Fields.Select(f => f.Name))}.", "config." + property.Name);
            field.Validate(property.Value);
        }

        foreach (var missing in Fields.Where(f => f.Required && !config.TryGet(f.Name, out _)))
        {
            throw new ValidationException($"'{Name}' needs config field '{missing.Name}'.", "config." + missing.Name);
        }

        if (SamplesFailedRows)
        {
            Samples.SampleSettings.Of(config);
        }

        ValidateRules(config);
    }

    /// <summary>Rules across fields, after each field was found well-formed.</summary>
    protected virtual void ValidateRules(CheckConfig config)
    {
    }

    protected static string Format(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "nothing";
}

/// <summary>One config field of a check type.</summary>
public sealed record ConfigField(string Name, ConfigFieldKind Kind, bool Required, string Description)
{
    public void Validate(JsonElement value)
    {
        var path = "config." + Name;
        var ok = Kind switch
        {
            ConfigFieldKind.Number => value.ValueKind == JsonValueKind.Number,
            ConfigFieldKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            ConfigFieldKind.String or ConfigFieldKind.Regex => value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0,
            ConfigFieldKind.StringList => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
                && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
            ConfigFieldKind.Object => value.ValueKind == JsonValueKind.Object,
            _ => false,
        };
        if (!ok)
        {
            throw new ValidationException($"'{Name}' must be {Describe(Kind)}.", path);
        }

        if (Kind == ConfigFieldKind.Regex)
        {
            try
            {
                _ = new Regex(value.GetString()!, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                throw new ValidationException($"'{Name}' is not a valid regular expression: {e.Message}", path);
            }
        }
    }

    private static string Describe(ConfigFieldKind kind) => kind switch
    {
        ConfigFieldKind.Number => "a number",
        ConfigFieldKind.Integer => "an integer",
        ConfigFieldKind.StringList => "a non-empty list of strings",
        ConfigFieldKind.Regex => "a regular expression",
        ConfigFieldKind.Object => "an object",
        _ => "a non-empty string",
    };
}

public enum ConfigFieldKind
{
    Number,
    Integer,
    String,
    StringList,
    Regex,

    /// <summary>A JSON object whose parts the type describes (the failed-row <c>samples</c> settings).</summary>
    Object,
}
