namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>The range a reading was expected in: it passes every configured rule exactly when it lies inside.</summary>
public readonly record struct ExpectedBand(double Lower, double Upper)
{
    public static readonly ExpectedBand Unbounded = new(double.NegativeInfinity, double.PositiveInfinity);

    public static ExpectedBand Around(double center, double halfWidth) => new(center - halfWidth, center + halfWidth);

    /// <summary>Where a value passes both rules.</summary>
    public ExpectedBand Within(ExpectedBand other) => new(Math.Max(Lower, other.Lower), Math.Min(Upper, other.Upper));

    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>For storage: 4 decimals, infinity as no bound.</summary>
    public static decimal? Stored(double bound) =>
        double.IsFinite(bound) && Math.Abs(bound) < 1e20 ? Math.Round((decimal)bound, 4) : null;
}
