namespace DqPlatform.Domain.Checks;

/// <summary>One earlier measured value of a check and when it was measured (the result's <c>executed_at</c>).</summary>
public readonly record struct HistoryPoint(DateTimeOffset At, decimal Value);
