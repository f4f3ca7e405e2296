using System.Globalization;
using System.Data.Common;
using DqPlatform.Domain.Queries;

namespace DqPlatform.Infrastructure.Queries.Exports;

/// <summary>Caps on one export; reaching one fails the run (a batch result is all the rows or nothing).</summary>
/// <param name="BytesCapReason">What the byte cap is, for the failure's message (default: the most one export may hold).</param>
public sealed record ExportLimits(long MaxRows, long MaxBytes, string BytesCapReason = "the most an export may hold");

/// <summary>Thrown when an export passes its row or byte cap.</summary>
public sealed class ExportLimitException(string message) : Exception(message);

/// <summary>Streams a result set into a file format, holding at most one block of rows in memory.</summary>
public abstract class ResultExport
{
    public static ResultExport For(string format) => format switch
    {
        QueryOutputFormat.Csv => new CsvExport(),
        QueryOutputFormat.Parquet => new ParquetExport(),
        _ => new JsonExport(),
    };

    /// <returns>The number of rows written.</returns>
    public abstract Task<long> WriteAsync(DbDataReader reader, Stream output, ExportLimits limits, CancellationToken cancellationToken);

    protected static void Check(long rows, Stream output, ExportLimits limits)
    {
        if (rows > limits.MaxRows)
        {
            throw new ExportLimitException(string.Create(CultureInfo.InvariantCulture, $"The result has more than {limits.MaxRows:N0} rows, the most an export may hold."));
        }

        if (output.Position > limits.MaxBytes)
        {
            throw new ExportLimitException(string.Create(CultureInfo.InvariantCulture, $"The export passed {limits.MaxBytes:N0} bytes, {limits.BytesCapReason}."));
        }
    }
}
