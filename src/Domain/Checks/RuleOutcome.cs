namespace DqPlatform.Domain.Checks;

/// <summary>The verdict on one reading: the value to store and whether the rule passed, with the reason when it failed.</summary>
public sealed record RuleOutcome(decimal? SensorValue, bool Passed, string? Explanation)
{
    /// <summary>The range the value was expected in (anomaly rules, once they have history), stored with the result.</summary>
    public decimal? ExpectedLower { get; init; }

    public decimal? ExpectedUpper { get; init; }

    public static RuleOutcome Pass(decimal? value) => new(value, true, null);

    public static RuleOutcome Fail(decimal? value, string explanation) => new(value, false, explanation);
}
