namespace DqPlatform.Domain.Checks;

/// <summary>
/// One check's results in one bucket of a series, [<see cref="Start"/>, <see cref="End"/>): how many runs, how many
/// passed, and the range and mean of the sensor values measured (null when none was, as in an empty bucket).
/// </summary>
public sealed record ResultBucket(
    DateTimeOffset Start, DateTimeOffset End, int Count, int Passed, decimal? MinSensorValue, decimal? AvgSensorValue, decimal? MaxSensorValue)
{
    /// <summary>Runs whose rule did not pass, those that could not measure (<see cref="CheckOutcome.Error"/>) included.</summary>
    public int Failed => Count - Passed;

    public static ResultBucket Empty(DateTimeOffset start, DateTimeOffset end) => new(start, end, 0, 0, null, null, null);
}
