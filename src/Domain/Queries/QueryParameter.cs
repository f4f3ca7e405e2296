using System.Globalization;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Queries;

/// <summary>The types a query parameter can have; each is bound as a database parameter of that type.</summary>
public enum QueryParameterType
{
    String,
    Integer,
    Decimal,
    Boolean,
    Date,
    Timestamp,
    Uuid,
}

/// <summary>
/// A <c>:name</c> placeholder of a saved query (seed 004's QueryTemplate parameters): its type, an optional default
/// and whether a run must supply a value when there is no default.
/// </summary>
public sealed partial record QueryParameter(string Name, QueryParameterType Type, string? DefaultValue = null, bool Required = false)
{
    public const int MaxParameters = 50;

    /// <summary>Checks the definition itself (name shape, a default that converts); throws VALIDATION.</summary>
    public void Validate()
    {
        if (!NameShape().IsMatch(Name))
        {
            throw new ValidationException($"Parameter name '{Name}' must be a letter or underscore followed by up to 62 letters, digits or underscores.", "parameters");
        }

        if (DefaultValue is not null)
        {
            Convert(DefaultValue);
        }
    }

    /// <summary>The value to bind for a run: the supplied text converted to the parameter's type, else the default.</summary>
    public object? ValueFor(string? supplied, bool wasSupplied)
    {
        if (wasSupplied)
        {
            return supplied is null ? null : Convert(supplied);
        }

        return DefaultValue is not null ? Convert(DefaultValue)
            : Required ? throw new ValidationException($"Parameter '{Name}' is required.", "parameters")
            : null;
    }

    /// <summary>Converts text to the parameter's CLR value; the text never reaches the SQL.</summary>
    public object Convert(string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        object? value = Type switch
        {
            QueryParameterType.String => text.Length <= 10_000 ? text : null,
            QueryParameterType.Integer => long.TryParse(text, NumberStyles.Integer, invariant, out var l) ? l : null,
            QueryParameterType.Decimal => decimal.TryParse(text, NumberStyles.Float, invariant, out var d) ? d : null,
            QueryParameterType.Boolean => bool.TryParse(text, out var b) ? b : null,
            QueryParameterType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date) ? date : null,
            QueryParameterType.Timestamp => DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : null,
            QueryParameterType.Uuid => Guid.TryParse(text, out var g) ? g : null,
            _ => null,
        };
        return value ?? throw new ValidationException(
            $"Parameter '{Name}' expects {Describe(Type)}; the value given is not one{(Type == QueryParameterType.String ? " (at most 10,000 characters)" : "")}.", "parameters");
    }

    private static string Describe(QueryParameterType type) => type switch
    {
        QueryParameterType.Integer => "a 64-bit integer",
        QueryParameterType.Decimal => "a decimal number",
        QueryParameterType.Boolean => "true or false",
        QueryParameterType.Date => "a date (yyyy-MM-dd)",
        QueryParameterType.Timestamp => "an ISO 8601 timestamp",
        QueryParameterType.Uuid => "a UUID",
        _ => "a string",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex NameShape();
}
