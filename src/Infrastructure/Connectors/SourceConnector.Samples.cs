using System.Data;
using System.Data.Common;
using System.Globalization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Checks.Samples;
using DqPlatform.Domain.Common;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>What a sampled sensor run measured, and the failing rows it kept (null when the rule passed or none were asked for).</summary>
public sealed record Measurement(SensorReading Reading, FailedRowSample? Sample);

/// <summary>The sample statement of a check, and how to tell from the reading whether the rule failed (only then it runs).</summary>
public sealed record SampleRequest(SensorQuery Query, Func<SensorReading, bool> Failed, int Limit, int MaxBytes);

public abstract partial class SourceConnector
{
    /// <summary>
    /// Runs a sensor and, when <paramref name="sample"/> judges the reading a failure, its sample statement after it on
    /// the same session, in the same read-only transaction and under the same deadline. A sample that cannot be read
    /// (a column gone, the deadline reached) leaves the reading intact and says why in the sample's note.
    /// </summary>
    public Task<Measurement> MeasureAsync(ConnectionSettings settings, SensorQuery query, SampleRequest? sample, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, query.UserSql || sample?.Query.UserSql == true, "sensor", async (command, ct) =>
        {
            var reading = await ReadSensorAsync(command, query, ct);
            if (sample is null || !sample.Failed(reading))
            {
                return new Measurement(reading, null);
            }

            try
            {
                return new Measurement(reading, await ReadSampleAsync(command, sample, ct));
            }
            catch (Exception e) when (e is DbException or DomainException or InvalidOperationException or InvalidCastException or FormatException
                or OverflowException or OperationCanceledException or TimeoutException)
            {
                var why = e is OperationCanceledException or TimeoutException ? "the sensor's time limit was reached" : settings.Scrub(e.Message);
                return new Measurement(reading, new FailedRowSample([], [], [], false, "No sample could be read: " + why));
            }
        }, cancellationToken);

    private async Task<FailedRowSample> ReadSampleAsync(DbCommand command, SampleRequest sample, CancellationToken ct)
    {
        // The tenant's SQL passes the same guard as its sensor did: plan, function check, one sealed statement.
        await PrepareAsync(command, sample.Query, ct);

        // Sequential: a value is streamed off the wire and only its first characters are kept (SampleText), so a query
        // returning huge values cannot make the worker buffer them whole.
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var collector = new SampleCollector(columns, sample.Limit, sample.MaxBytes);
        var values = new string?[columns.Length];
        var read = 0;
        while (await reader.ReadAsync(ct))
        {
            read++;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = SampleText(reader, i);
            }

            if (!collector.Add(values))
            {
                break;
            }
        }

        Telemetry.SourceQueryTelemetry.RecordRows(read);
        return collector.ToSample();
    }

    // One text shape per value whatever the driver: invariant numbers, ISO-8601 times, bytes as hex. Text and bytes are
    // read in one bounded chunk (one more than the collector keeps, so it knows to mark the value cut); under
    // SequentialAccess each column is read once, in order.
    private static string? SampleText(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var type = reader.GetFieldType(ordinal);
        if (type == typeof(string))
        {
            var chars = new char[SampleCollector.MaxValueChars + 1];
            var read = reader.GetChars(ordinal, 0, chars, 0, chars.Length);
            return new string(chars, 0, (int)read);
        }

        if (type == typeof(byte[]))
        {
            var bytes = new byte[SampleCollector.MaxValueChars + 1];
            var read = reader.GetBytes(ordinal, 0, bytes, 0, bytes.Length);
            return "\\x" + Convert.ToHexString(bytes, 0, (int)read);
        }

        return reader.GetValue(ordinal) switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            byte[] bytes => "\\x" + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, SampleCollector.MaxValueChars))),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
    }
}
