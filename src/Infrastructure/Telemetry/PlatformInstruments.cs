using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// The product's own activity source (job runs, source-database queries) and counters (check runs, incidents opened,
/// export bytes). Labels are small fixed vocabularies: never a workspace, check, connection or anything a tenant named,
/// so <c>/metrics</c> carries no tenant data.
/// </summary>
public static class PlatformInstruments
{
    public const string Name = "DqPlatform";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    private static readonly Counter<long> CheckRuns = Meter.CreateCounter<long>("dqp.check.runs", "{run}", "Check runs stored, by outcome (passed, failed, error).");

    private static readonly Counter<long> IncidentsOpened = Meter.CreateCounter<long>("dqp.incidents.opened", "{incident}", "Incidents opened, by severity.");

    private static readonly Counter<long> ExportBytes = Meter.CreateCounter<long>("dqp.export.bytes", "By", "Bytes of finished query exports, by format.");

    private static readonly Counter<long> Exports = Meter.CreateCounter<long>("dqp.exports", "{export}", "Finished query exports, by format.");

    /// <param name="passed">The rule's verdict.</param>
    /// <param name="error">Whether the sensor could not be measured (an error result).</param>
    public static void RecordCheckRun(bool passed, bool error) =>
        CheckRuns.Add(1, new KeyValuePair<string, object?>("outcome", error ? "error" : passed ? "passed" : "failed"));

    public static void RecordIncidentOpened(string severity) =>
        IncidentsOpened.Add(1, new KeyValuePair<string, object?>("severity", severity));

    /// <summary>Call once an export is complete and stored, with its size as written.</summary>
    public static void RecordExport(string format, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("format", format);
        Exports.Add(1, tag);
        ExportBytes.Add(bytes, tag);
    }
}
