namespace DqPlatform.Domain.Checks;

/// <summary>
/// What a sensor measured. <see cref="Value"/> is what results store; <see cref="Lower"/> is a second measurement the
/// rule needs for two-sided checks (the shortest text when the value is the longest). Null means "no rows to measure".
/// </summary>
public readonly record struct SensorReading(decimal? Value, decimal? Lower = null);
