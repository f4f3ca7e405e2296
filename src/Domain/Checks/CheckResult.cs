namespace DqPlatform.Domain.Checks;

/// <summary>One execution of a check. Stored in monthly partitions keyed by <see cref="ExecutedAt"/>.</summary>
public class CheckResult
{
    public long Id { get; set; }
    public Guid CheckId { get; set; }
    public DateTimeOffset ExecutedAt { get; set; }
    public int? ExecutionTimeMs { get; set; }
    public decimal? SensorValue { get; set; }
    public bool RulePassed { get; set; }

    /// <summary>The range an anomaly rule expected the value in, stored with it so a chart can draw the band.</summary>
    public decimal? ExpectedLower { get; set; }
    public decimal? ExpectedUpper { get; set; }

    /// <summary>The check's severity when the rule failed; null when it passed.</summary>
    public CheckSeverity? Severity { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>Why the rule judged as it did, in words, when the type says (a schema drift names each change).</summary>
    public string? Explanation { get; set; }

    public CheckDefinition? Check { get; set; }

    /// <summary>
    /// Error when the run could not measure (it stored why), otherwise whether the rule passed. A run that errored
    /// also has <see cref="RulePassed"/> false: it did not pass. The trigger that keeps
    /// <see cref="CheckDefinition.LatestOutcome"/> writes the same rule in SQL (migration <c>CheckOutcomeAndResultSeries</c>).
    /// </summary>
    public CheckOutcome Outcome => ErrorMessage is not null ? CheckOutcome.Error : RulePassed ? CheckOutcome.Passed : CheckOutcome.Failed;
}
