using System.Data;
using System.Data.Common;
using System.Globalization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// One kind of source database. Everything runs in a read-only transaction (where the database has one) that is
/// rolled back, with a client-side timeout that cancels the statement on the server.
/// </summary>
public abstract class SourceConnector
{
    private const int MaxSchemaColumns = 50_000;

    public abstract SqlDialect Dialect { get; }

    protected abstract DbConnection CreateConnection(ConnectionSettings settings);

    /// <summary>Starts the transaction the statement runs in and applies a server-side statement timeout where possible.</summary>
    protected abstract Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Opens a connection and runs a trivial query; throws <see cref="SourceException"/> with a scrubbed message.</summary>
    public Task TestAsync(ConnectionSettings settings, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, async (command, ct) =>
        {
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return 0;
        }, cancellationToken);

    public Task<SourceSchema> ReadSchemaAsync(ConnectionSettings settings, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, async (command, ct) =>
        {
            command.CommandText = Dialect.ColumnsOfDatabase;
            var tables = new List<SourceTable>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            string? schema = null, table = null;
            var columns = new List<SourceColumn>();
            var read = 0;
            while (await reader.ReadAsync(ct) && ++read <= MaxSchemaColumns)
            {
                var (s, t) = (reader.GetString(0), reader.GetString(1));
                if (s != schema || t != table)
                {
                    Flush();
                    (schema, table, columns) = (s, t, []);
                }

                columns.Add(new SourceColumn(reader.GetString(2), reader.GetString(3), Convert.ToBoolean(reader.GetValue(4), CultureInfo.InvariantCulture)));
            }

            Flush();
            return new SourceSchema(tables, DateTimeOffset.UtcNow);

            void Flush()
            {
                if (table is not null)
                {
                    tables.Add(new SourceTable(schema!, table, columns));
                }
            }
        }, cancellationToken);

    /// <summary>Runs a sensor: the first row's first column is the value, a second column (if any) the lower value.</summary>
    public Task<SensorReading> MeasureAsync(ConnectionSettings settings, SensorQuery query, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, async (command, ct) =>
        {
            command.CommandText = query.Sql;
            foreach (var (name, value) in query.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct))
            {
                return new SensorReading(null);
            }

            return new SensorReading(Number(reader, 0), reader.FieldCount > 1 ? Number(reader, 1) : null);
        }, cancellationToken);

    private async Task<T> RunAsync<T>(ConnectionSettings settings, TimeSpan timeout, Func<DbCommand, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = CreateConnection(settings);
            await connection.OpenAsync(deadline.Token);
            await using var transaction = await BeginReadOnlyAsync(connection, timeout, deadline.Token);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 1;
            var result = await work(command, deadline.Token);
            await transaction.RollbackAsync(CancellationToken.None);
            return result;
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException or InvalidCastException
            or FormatException or OverflowException or TimeoutException or System.Net.Sockets.SocketException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The run was cancelled.", e, cancellationToken);
            }

            if (deadline.IsCancellationRequested)
            {
                throw new SourceException($"The query did not finish within {timeout.TotalSeconds:0.#} s and was cancelled.", e);
            }

            throw new SourceException(settings.Scrub(Describe(e)), e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        InvalidCastException or FormatException => "The sensor did not return a number: " + e.Message,
        OverflowException => "The sensor value is out of range.",
        _ => e.Message,
    };

    private static decimal? Number(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        return value switch
        {
            decimal d => d,
            double d when double.IsNaN(d) || double.IsInfinity(d) => null,
            float f when float.IsNaN(f) || float.IsInfinity(f) => null,
            bool b => b ? 1 : 0,
            TimeSpan t => (decimal)t.TotalSeconds,
            IConvertible => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException($"a value of type {value.GetType().Name}"),
        };
    }
}

/// <summary>The source database refused, failed or timed out; the message is safe to store and show.</summary>
public sealed class SourceException(string message, Exception? inner = null) : DomainException("SOURCE_ERROR", message)
{
    public Exception? Cause { get; } = inner;
}
