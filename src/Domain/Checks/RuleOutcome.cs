namespace DqPlatform.Domain.Checks;

/// <summary>The verdict on one reading: the value to store and whether the rule passed, with the reason when it failed.</summary>
public sealed record RuleOutcome(decimal? SensorValue, bool Passed, string? Explanation)
{
    public static RuleOutcome Pass(decimal? value) => new(value, true, null);

    public static RuleOutcome Fail(decimal? value, string explanation) => new(value, false, explanation);
}
