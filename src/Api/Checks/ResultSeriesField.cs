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
                "The check's results in [since, until), counted per bucket of a fixed UTC grid (hours on the hour, days from 00:00 UTC, " +
                "weeks from Monday 00:00 UTC). Every bucket of the window is answered, in time order; one where nothing ran has count 0 " +
                $"and null sensor values. At most {ResultSeriesWindow.MaxBuckets} buckets (VALIDATION beyond).")
            .Argument<NonNullGraphType<DateTimeScalar>>("since", "Start of the window (included).")
            .Argument<NonNullGraphType<DateTimeScalar>>("until", "End of the window (excluded); after since.")
            .Argument<EnumerationGraphType<ResultSeriesBucket>>("bucket",
                $"Width of each bucket; by default the finest that keeps within {ResultSeriesWindow.MaxBuckets} buckets.")
            // Priced like a page of as many rows as buckets, so a list of checks cannot ask for a series each unbounded.
            .WithComplexityImpact(c => new FieldComplexityResult(1, BucketsAsked(c.Arguments)))
            .Resolve(c =>
            {
                var window = ResultSeriesWindow.Of(
                    c.GetArgument<DateTimeOffset>("since"), c.GetArgument<DateTimeOffset>("until"), c.GetArgument<ResultSeriesBucket?>("bucket"));
                return c.Service<CheckLoaders>().Series(window, c.Source.Id);
            })
            .Reads();
    }

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
            return ResultSeriesWindow.Of(from, to, arguments.TryGetValue("bucket", out var bucket) ? bucket.Value as ResultSeriesBucket? : null).Count;
        }
        catch (ValidationException)
        {
            return 1;
        }
    }
}
