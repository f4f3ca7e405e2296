namespace DqPlatform.Domain.Checks;

/// <summary>
/// A check type whose rule reads its earlier values with their times (seasonal anomaly rules), instead of the plain
/// newest-first values <see cref="CheckType.Judge(CheckConfig, SensorReading, IReadOnlyList{decimal})"/> gets.
/// </summary>
public interface ITimedHistoryJudge
{
    /// <summary>Which earlier values the rule may use for a reading taken at <paramref name="at"/>.</summary>
    HistoryWindow Training(CheckConfig config, DateTimeOffset at);

    /// <param name="history">
    /// The check's earlier values in <see cref="Training"/>'s window, newest first, without errors and without the
    /// failures that belonged to an incident (see <see cref="Anomalies.AnomalyTraining"/>).
    /// </param>
    RuleOutcome Judge(CheckConfig config, SensorReading reading, DateTimeOffset at, IReadOnlyList<HistoryPoint> history);
}

/// <summary>The newest <see cref="MaxPoints"/> values measured at or after <see cref="Since"/> (any age when null).</summary>
public readonly record struct HistoryWindow(DateTimeOffset? Since, int MaxPoints);
