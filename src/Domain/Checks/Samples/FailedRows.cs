namespace DqPlatform.Domain.Checks.Samples;

/// <summary>
/// Where a check's failing rows come from: a predicate over its target table (the rows that break the rule), or, for
/// SQL the tenant wrote, that query itself (its rows are the failures). Written by the check type, next to its sensor.
/// </summary>
public sealed record FailedRows(string? Predicate, string? Query)
{
    public static FailedRows Where(string predicate) => new(predicate, null);

    public static FailedRows Of(string userQuery) => new(null, userQuery);
}
