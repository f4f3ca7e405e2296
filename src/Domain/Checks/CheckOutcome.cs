namespace DqPlatform.Domain.Checks;

/// <summary>
/// How a check's latest run ended, as dashboards count checks: the rule passed, the rule failed, or the run could not
/// measure at all (the source refused, the sensor timed out) — and never run, for a check with no stored result.
/// <see cref="CheckResult.Outcome"/> decides it for a result; the database keeps each check's copy of it
/// (<see cref="CheckDefinition.LatestOutcome"/>) with the latest-result pointer.
/// </summary>
/// <remarks>Declared in the order of the PostgreSQL enum <c>dq.check_outcome</c>, which sorts by declaration.</remarks>
public enum CheckOutcome
{
    Passed,
    Failed,
    Error,
    NeverRun,
}
