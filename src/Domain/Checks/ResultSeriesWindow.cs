using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>
/// The buckets of a result series: [since, until) cut on one fixed UTC grid per width (hours start on the hour, days at
/// 00:00 UTC, weeks on Monday 00:00 UTC), so a dashboard that moves its window keeps the same buckets. The first and
/// last bucket may lie partly outside the window; only results inside it count. Every bucket of the window is
/// answered, empty ones included (<see cref="Fill"/>), so a chart needs no gap logic of its own.
/// </summary>
public sealed class ResultSeriesWindow
{
    /// <summary>A day of minutes, two months of hours: about a chart's width in points, and a bounded answer.</summary>
    public const int MaxBuckets = 1440;

    /// <summary>The grid's origin, a Monday at midnight UTC; the SQL passes it to <c>date_bin</c>.</summary>
    public static readonly DateTimeOffset Origin = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // No result is older than the origin, and a bucket's end must stay a representable time.
    private static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ResultSeriesWindow(DateTimeOffset since, DateTimeOffset until, ResultSeriesBucket bucket, long count)
    {
        Since = since;
        Until = until;
        Bucket = bucket;
        Width = WidthOf(bucket);
        FirstStart = since.AddTicks(-Remainder(since, Width));
        Count = (int)count;
    }

    public DateTimeOffset Since { get; }
    public DateTimeOffset Until { get; }
    public ResultSeriesBucket Bucket { get; }
    public TimeSpan Width { get; }
    public DateTimeOffset FirstStart { get; }
    public int Count { get; }

    public static TimeSpan WidthOf(ResultSeriesBucket bucket) => bucket switch
    {
        ResultSeriesBucket.Minute => TimeSpan.FromMinutes(1),
        ResultSeriesBucket.FiveMinutes => TimeSpan.FromMinutes(5),
        ResultSeriesBucket.FifteenMinutes => TimeSpan.FromMinutes(15),
        ResultSeriesBucket.Hour => TimeSpan.FromHours(1),
        ResultSeriesBucket.SixHours => TimeSpan.FromHours(6),
        ResultSeriesBucket.Day => TimeSpan.FromDays(1),
        ResultSeriesBucket.Week => TimeSpan.FromDays(7),
        _ => throw new ValidationException($"Unknown bucket '{bucket}'.", "bucket"),
    };

    /// <summary>
    /// The window [<paramref name="since"/>, <paramref name="until"/>) in buckets of <paramref name="bucket"/>, or, without
    /// one, of the finest width that keeps within <see cref="MaxBuckets"/>. VALIDATION when the window is empty or
    /// reversed, outside 2001–9998, or would need more buckets than allowed.
    /// </summary>
    public static ResultSeriesWindow Of(DateTimeOffset since, DateTimeOffset until, ResultSeriesBucket? bucket)
    {
        since = since.ToUniversalTime();
        until = until.ToUniversalTime();
        if (since >= until)
        {
            throw new ValidationException("'since' must be before 'until'.", "until");
        }

        if (since < Origin || until > Latest)
        {
            throw new ValidationException("'since' and 'until' must lie between 2001-01-01 and 9999-01-01 (UTC).", since < Origin ? "since" : "until");
        }

        foreach (var candidate in bucket is { } chosen ? [chosen] : Enum.GetValues<ResultSeriesBucket>())
        {
            var count = CountOf(since, until, WidthOf(candidate));
            if (count <= MaxBuckets)
            {
                return new ResultSeriesWindow(since, until, candidate, count);
            }

            if (bucket is not null)
            {
                throw new ValidationException(
                    $"The window holds {count} buckets of {Describe(WidthOf(candidate))}; at most {MaxBuckets} are allowed: choose a wider bucket or a shorter window.", "bucket");
            }
        }

        throw new ValidationException($"The window holds more than {MaxBuckets} weeks; choose a shorter one.", "since");
    }

    /// <summary>Every bucket of the window in time order: the stored ones, and empty ones where nothing ran.</summary>
    public IReadOnlyList<ResultBucket> Fill(IEnumerable<ResultBucket> stored)
    {
        var byStart = stored.ToDictionary(b => b.Start.UtcTicks);
        var buckets = new List<ResultBucket>(Count);
        for (var start = FirstStart; start < Until; start += Width)
        {
            buckets.Add(byStart.Remove(start.UtcTicks, out var found) ? found : ResultBucket.Empty(start, start + Width));
        }

        // Runs counted off this grid would vanish from the answer: a server fault, not something to hide.
        return byStart.Count == 0 ? buckets : throw new InvalidOperationException($"A stored bucket at {byStart.Values.First().Start:O} is off the window's grid.");
    }

    private static long CountOf(DateTimeOffset since, DateTimeOffset until, TimeSpan width)
    {
        var span = (until - since).Ticks + Remainder(since, width);
        return (span + width.Ticks - 1) / width.Ticks;
    }

    private static string Describe(TimeSpan width) =>
        width.TotalDays >= 1 ? Plural(width.TotalDays, "day") : width.TotalHours >= 1 ? Plural(width.TotalHours, "hour") : Plural(width.TotalMinutes, "minute");

    private static string Plural(double amount, string unit) => amount == 1 ? "1 " + unit : $"{amount:0} {unit}s";

    // How far past its bucket's start a time lies (since >= Origin, so never negative).
    private static long Remainder(DateTimeOffset time, TimeSpan width) => (time - Origin).Ticks % width.Ticks;
}
