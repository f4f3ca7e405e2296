using DqPlatform.Domain.Checks.Types;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace DqPlatform.Domain.Checks.Anomalies;

/// <summary>
/// The arithmetic of anomaly bands. <see cref="SensitivityBand"/> is the rule <c>sensitivity</c> names; the method, and
/// why, is on it.
/// </summary>
public static class AnomalyStatistics
{
    /// <summary>Below this many values a median cannot tell an outlier from the spread, so nothing is trimmed.</summary>
    public const int MinimumForTrimming = 6;

    /// <summary>Values beyond this many robust standard deviations (1.4826 MAD) from the median are not learned from.</summary>
    public const double TrimAtRobustSigmas = 5;

    public static (double Mean, double StdDev) MeanAndStdDev(ReadOnlySpan<double> values)
    {
        var mean = 0d;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var squares = 0d;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return (mean, values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0);
    }

    /// <summary>
    /// Elementary's z-score band (mean ± <paramref name="sensitivity"/> standard deviations of the training set, its
    /// <c>anomaly_sensitivity</c>, default 3), made sound in two places where a plain z-score misleads:
    /// <list type="bullet">
    /// <item>The training set is first trimmed of values more than 5 robust standard deviations (median, 1.4826 × MAD,
    /// re_data's <c>modified_z_score</c>) from its median. One unflagged past anomaly, or a season the config did not
    /// separate, inflates a standard deviation (breakdown point 0) until nothing is unusual: over 14 days whose weekends
    /// are 10% of weekdays, σ is ~420 around a mean of ~740, so neither the weekends nor a 50% drop on a Tuesday leave
    /// mean ± 3σ. The median and MAD ignore up to half of the values, so the weekday level is what is learned.</item>
    /// <item>The band is a prediction interval: ± t(n−1) · s · √(1 + 1/n), with the Student-t quantile at the normal tail of
    /// <paramref name="sensitivity"/>. On large training sets it is the z-score band; on the few values a seasonal rule
    /// has (7 Tuesdays in 8 weeks) it widens as much as the uncertainty of s demands instead of alarming on noise.</item>
    /// </list>
    /// </summary>
    public static (ExpectedBand Band, double Mean, int Learned) SensitivityBand(double[] training, double sensitivity)
    {
        var kept = Trim(training);
        var (mean, stdDev) = MeanAndStdDev(kept);
        var n = kept.Length;
        var quantile = Quantile(n - 1, sensitivity);
        return (ExpectedBand.Around(mean, quantile * stdDev * Math.Sqrt(1 + 1d / n)), mean, n);
    }

    // The quantile is a root search over the t distribution's CDF (milliseconds at 10,000 degrees of freedom), the
    // same for every run of a check with an unchanged training size: kept, up to a bound.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, double), double> Quantiles = new();

    private static double Quantile(int degreesOfFreedom, double sensitivity)
    {
        if (Quantiles.TryGetValue((degreesOfFreedom, sensitivity), out var known))
        {
            return known;
        }

        var quantile = StudentT.InvCDF(0, 1, degreesOfFreedom, Normal.CDF(0, 1, sensitivity));
        if (Quantiles.Count < 100_000)
        {
            Quantiles[(degreesOfFreedom, sensitivity)] = quantile;
        }

        return quantile;
    }

    private static double[] Trim(double[] training)
    {
        if (training.Length < MinimumForTrimming)
        {
            return training;
        }

        var median = Median([.. training]);
        var deviations = new double[training.Length];
        for (var i = 0; i < training.Length; i++)
        {
            deviations[i] = Math.Abs(training[i] - median);
        }

        var limit = TrimAtRobustSigmas * 1.4826 * Median(deviations);
        if (limit == 0)
        {
            return training; // more than half the values equal: no spread to judge outliers by
        }

        var kept = training.Where(v => Math.Abs(v - median) <= limit).ToArray();
        return kept.Length >= AnomalyCheck.MinimumHistory ? kept : training;
    }

    // By selection, not sorting (10,000 values: a sort was most of an evaluation); reorders its argument.
    private static double Median(double[] values) => ArrayStatistics.MedianInplace(values);
}
