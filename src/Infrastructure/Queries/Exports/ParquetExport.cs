using System.Data.Common;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace DqPlatform.Infrastructure.Queries.Exports;

/// <summary>
/// Parquet (Parquet.Net, Snappy) in row groups of <see cref="RowGroupRows"/> rows: memory holds one row group,
/// whatever the row count. Numbers, booleans, timestamps and bytes keep their types; everything else is text.
/// </summary>
public sealed class ParquetExport : ResultExport
{
    public const int RowGroupRows = 32_768;

    /// <summary>A row group also ends at about this many bytes of values, so wide rows do not grow memory either.</summary>
    public const long RowGroupBytes = 64L << 20;

    // Parquet.Net pools its page buffers without bound unless told; an export keeps at most a few row groups' worth.
    private static readonly ParquetOptions Options = new() { MaximumSmallPoolFreeBytes = 16 << 20, MaximumLargePoolFreeBytes = 64 << 20 };

    public override async Task<long> WriteAsync(DbDataReader reader, Stream output, ExportLimits limits, CancellationToken cancellationToken)
    {
        var names = ResultColumns.UniqueNames(reader);
        var columns = Enumerable.Range(0, names.Length).Select(i => ParquetColumn.For(names[i], reader.GetFieldType(i))).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(
            new ParquetSchema(columns.Select(c => (Field)c.Field)), output, Options, cancellationToken: cancellationToken);
        long rows = 0;
        var inGroup = 0;
        while ((inGroup = Fill(reader, columns)) > 0)
        {
            rows += inGroup;
            await FlushAsync(writer, columns, inGroup, cancellationToken);
            Check(rows, output, limits);
        }

        if (rows == 0)
        {
            await FlushAsync(writer, columns, 0, cancellationToken);
        }

        Check(rows, output, limits);
        return rows;
    }

    // Reads up to one row group; compiled fully optimised at once for the reason CsvExport gives.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Fill(DbDataReader reader, ParquetColumn[] columns)
    {
        var count = 0;
        long bytes = 0;
        while (count < RowGroupRows && bytes < RowGroupBytes && reader.Read())
        {
            for (var i = 0; i < columns.Length; i++)
            {
                bytes += columns[i].Add(reader, i, count);
            }

            count++;
        }

        return count;
    }

    private static async Task FlushAsync(ParquetWriter writer, ParquetColumn[] columns, int count, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.WriteAsync(group, count, cancellationToken);
        }
    }
}

/// <summary>One column's values for the current row group, typed for Parquet.</summary>
internal abstract class ParquetColumn
{
    public abstract DataField Field { get; }

    /// <returns>About how many bytes the value holds in memory.</returns>
    public abstract int Add(DbDataReader reader, int ordinal, int row);

    public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

    public static ParquetColumn For(string name, Type type) => type switch
    {
        _ when type == typeof(bool) => new Values<bool>(name, (r, i) => r.GetBoolean(i)),
        _ when type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) => new Values<int>(name, (r, i) => Convert.ToInt32(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)),
        _ when type == typeof(int) => new Values<int>(name, (r, i) => r.GetInt32(i)),
        _ when type == typeof(long) || type == typeof(ushort) || type == typeof(uint) => new Values<long>(name, (r, i) => Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)),
        _ when type == typeof(float) => new Values<float>(name, (r, i) => r.GetFloat(i)),
        _ when type == typeof(double) => new Values<double>(name, (r, i) => r.GetDouble(i)),
        _ when type == typeof(decimal) => new Values<decimal>(name, (r, i) => r.GetDecimal(i), new DecimalDataField(name, 38, 18, isNullable: true)),
        _ when type == typeof(DateTime) => new Values<DateTime>(name, (r, i) => r.GetDateTime(i), Timestamp(name)),
        _ when type == typeof(DateTimeOffset) => new Values<DateTime>(name, (r, i) => r.GetFieldValue<DateTimeOffset>(i).UtcDateTime, Timestamp(name)),
        _ when type == typeof(byte[]) => new Bytes(name),
        _ => new Texts(name),
    };

    private static DateTimeDataField Timestamp(string name) => new(name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, true);

    private sealed class Values<T>(string name, Func<DbDataReader, int, T> read, DataField? field = null) : ParquetColumn where T : struct
    {
        private readonly T?[] _values = new T?[ParquetExport.RowGroupRows];

        public override DataField Field { get; } = field ?? new DataField<T?>(name);

        public override int Add(DbDataReader reader, int ordinal, int row)
        {
            _values[row] = reader.IsDBNull(ordinal) ? null : read(reader, ordinal);
            return 16;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            await group.WriteAsync<T>(Field, _values.AsMemory(0, count), null, null, cancellationToken);
    }

    private sealed class Texts(string name) : ParquetColumn
    {
        private readonly string?[] _values = new string?[ParquetExport.RowGroupRows];

        public override DataField Field { get; } = new DataField<string>(name, true);

        public override int Add(DbDataReader reader, int ordinal, int row)
        {
            var value = reader.IsDBNull(ordinal) ? null : ResultValues.Text(reader.GetValue(ordinal));
            _values[row] = value;
            return 24 + (2 * (value?.Length ?? 0));
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            await group.WriteAsync(Field, new ArraySegment<string>(_values!, 0, count), null);
    }

    private sealed class Bytes(string name) : ParquetColumn
    {
        private readonly byte[]?[] _values = new byte[]?[ParquetExport.RowGroupRows];

        public override DataField Field { get; } = new DataField<byte[]>(name, true);

        public override int Add(DbDataReader reader, int ordinal, int row)
        {
            var value = reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
            _values[row] = value;
            return 24 + (value?.Length ?? 0);
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            await group.WriteAsync(Field, new ArraySegment<byte[]>(_values!, 0, count), null);
    }
}
