namespace DqPlatform.Infrastructure.Dashboards;

/// <summary>How many rows have one value of an enum (incidents of a status, checks of a last outcome).</summary>
public sealed record Tally<TValue>(TValue Value, int Count)
    where TValue : struct, Enum;
