using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation.Complexity;

namespace DqPlatform.Api.Checks;

/// <summary><c>CheckDefinition.resultSeries</c>: a check's results in time buckets, for charts (the rules are <see cref="ResultSeriesWindow"/>'s).</summary>
public static class ResultSeriesField
{
    public static void Register(CheckDefinitionGraphType check)
    {
        check.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckResultBucketGraphType>>>>("resultSeries")
            .Description(
                $"The check's results in [since, until), counted per bucket of a fixed UTC grid (hours on the hour, days from 00:00 UTC, " +
                $"weeks from Monday 00:00 UTC). Every bucket of the window is answered, in time order; one where nothing ran has count 0 " +
                $"and null sensor values. At most {ResultSeriesWindow.MaxBuckets} buckets (VALIDATION beyond).")
            .Argument<NonNullGraphType<DateTimeScalar>>("since", "Start of the window (included).")
            .Argument<NonNullGraphType<DateTimeScalar>>("until", "End of the window (excluded); after since.")
            .Argument<EnumerationGraphType<ResultSeriesBucket>>("bucket",
                $"Width of each bucket; by default the finest that keeps within {ResultSeriesWindow.MaxBuckets} buckets.")
            // Priced like a page of as many rows as buckets, so a list of checks cannot ask for a series each unbounded.
            .WithComplexityImpact(c => new FieldComplexityResult(1, BucketsAsked(c.Arguments)))
            .Resolve(c =>
            {
                var window = Window(c.GetArgument<DateTimeOffset>("since"), c.GetArgument<DateTimeOffset>("until"), c.GetArgument<ResultSeriesBucket?>("bucket"));
                return c.Service<CheckLoaders>().Series(window, c.Source.Id);
            })
            .Reads();
    }

    private static ResultSeriesWindow Window(DateTimeOffset since, DateTimeOffset until, ResultSeriesBucket? bucket) =>
        ResultSeriesWindow.Of(since, until, bucket);

    // The buckets the arguments ask for; the most allowed when they are not known yet, one when they are refused anyway.
    private static double BucketsAsked(IDictionary<string, ArgumentValue>? arguments)
    {
        if (arguments is null || !arguments.TryGetValue("since", out var since) || !arguments.TryGetValue("until", out var until)
            || since.Value is not DateTimeOffset from || until.Value is not DateTimeOffset to)
        {
            return ResultSeriesWindow.MaxBuckets;
        }

        try
        {
            return Window(from, to, arguments.TryGetValue("bucket", out var bucket) ? bucket.Value as ResultSeriesBucket? : null).Count;
        }
        catch (ValidationException)
        {
            return 1;
        }
    }
}

public sealed class CheckResultBucketGraphType : ObjectGraphType<ResultBucket>
{
    public CheckResultBucketGraphType()
    {
        Name = "CheckResultBucket";
        Description = "A check's results in one bucket of a series, [start, end).";
        Field(b => b.Start);
        Field(b => b.End);
        Field(b => b.Count).Description("Runs stored in the bucket (inside the window).");
        Field(b => b.Passed).Description("Runs whose rule passed.");
        Field(b => b.Failed).Description("Runs whose rule did not pass, those that could not measure included.");
        Field(b => b.MinSensorValue, nullable: true);
        Field(b => b.AvgSensorValue, nullable: true);
        Field(b => b.MaxSensorValue, nullable: true);
    }
}
