using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;

namespace DqPlatform.Infrastructure.Queries.Exports;

/// <summary>
/// RFC 4180 CSV (CsvHelper, UTF-8 straight to the stream) with a header row; NULL is an empty field, instants are
/// ISO 8601 round-trip ("O"). This is the path of multi-million-row exports, so it is written for speed: typed getters
/// without boxing, synchronous reads and writes (an export owns its worker thread), and a loop compiled fully
/// optimised at once.
/// </summary>
public sealed class CsvExport : ResultExport
{
    public static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        TrueValue = "true",
        FalseValue = "false",
        FormatProvider = CultureInfo.InvariantCulture,
        BufferSize = 1 << 16,
    };

    private enum Kind
    {
        Int32,
        Int64,
        Int16,
        Decimal,
        Double,
        Single,
        Boolean,
        Text,
        DateTime,
        DateTimeOffset,
        Other,
    }

    public override Task<long> WriteAsync(DbDataReader reader, Stream output, ExportLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult(Write(reader, output, limits, cancellationToken));

    // Measured on the 2-core machine: asynchronous reads and writes handed the loop between pool threads per network
    // buffer, and tiered compilation with dynamic PGO kept it in instrumented code for seconds inside the API host
    // (the loop ran at 0.3–0.4 of COPY's speed there against 0.9 alone); compiled at once it keeps pace.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Write(DbDataReader reader, Stream output, ExportLimits limits, CancellationToken cancellationToken)
    {
        using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        var kinds = new Kind[reader.FieldCount];
        for (var i = 0; i < kinds.Length; i++)
        {
            kinds[i] = KindOf(reader.GetFieldType(i));
        }

        csv.WriteHeader(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray());
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < kinds.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    csv.WriteField((string?)null);
                    continue;
                }

                switch (kinds[i])
                {
                    case Kind.Int32: csv.WriteField(reader.GetInt32(i), default); break;
                    case Kind.Int64: csv.WriteField(reader.GetInt64(i), default); break;
                    case Kind.Int16: csv.WriteField(reader.GetInt16(i), default); break;
                    case Kind.Decimal: csv.WriteField(reader.GetDecimal(i), default); break;
                    case Kind.Double: csv.WriteField(reader.GetDouble(i), "R"); break;
                    case Kind.Single: csv.WriteField(reader.GetFloat(i), "R"); break;
                    case Kind.Boolean: csv.WriteField(reader.GetBoolean(i)); break;
                    case Kind.Text: csv.WriteField(reader.GetString(i)); break;
                    case Kind.DateTime: csv.WriteField(reader.GetDateTime(i), "O"); break;
                    case Kind.DateTimeOffset: csv.WriteField(reader.GetFieldValue<DateTimeOffset>(i).UtcDateTime, "O"); break;
                    default: csv.WriteField(ResultValues.Text(reader.GetValue(i))); break;
                }
            }

            csv.EndRecord();
            if (++rows % 8192 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Check(rows, output, limits);
            }
        }

        csv.Flush();
        Check(rows, output, limits);
        return rows;
    }

    private static Kind KindOf(Type type) =>
        type == typeof(int) ? Kind.Int32
        : type == typeof(long) ? Kind.Int64
        : type == typeof(short) ? Kind.Int16
        : type == typeof(decimal) ? Kind.Decimal
        : type == typeof(double) ? Kind.Double
        : type == typeof(float) ? Kind.Single
        : type == typeof(bool) ? Kind.Boolean
        : type == typeof(string) ? Kind.Text
        : type == typeof(DateTime) ? Kind.DateTime
        : type == typeof(DateTimeOffset) ? Kind.DateTimeOffset
        : Kind.Other;
}
