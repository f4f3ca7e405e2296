using System.Diagnostics;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// A span per source-database round (connection test, schema read, sensor, user query): the connector type, the kind
/// of work and the rows read; its duration is the span's. Never the SQL: a sensor's or a user's statement is the
/// tenant's, and <c>query_results</c> keeps only its hash for the same reason.
/// </summary>
public static class SourceQueryTelemetry
{
    public const string OperationName = "source.query";
    public const string RowsTag = "dqp.source.rows";

    public static Activity? Start(string connectorType, string work)
    {
        var activity = PlatformInstruments.Source.StartActivity(OperationName, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"{connectorType} {work}";
            activity.SetTag("dqp.source.type", connectorType);
            activity.SetTag("dqp.source.work", work);
        }

        return activity;
    }

    /// <summary>Puts the rows read on the source query running now (called from inside its work).</summary>
    public static void RecordRows(long rows)
    {
        if (Activity.Current is { OperationName: OperationName } activity && activity.Source == PlatformInstruments.Source)
        {
            activity.SetTag(RowsTag, rows);
        }
    }

    public static void RecordFailure(Activity? activity, Exception failure)
    {
        // The type only: driver messages may quote the statement or its values.
        activity?.SetStatus(ActivityStatusCode.Error);
        activity?.SetTag("error.type", failure.GetType().FullName);
    }
}
