using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Telemetry;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// One kind of source database. Everything runs in a read-only transaction (where the database has one) that is
/// rolled back, with a client-side timeout that cancels the statement on the server.
/// </summary>
public abstract partial class SourceConnector(SourceTargetGuard guard)
{
    private const int MaxSchemaColumns = 50_000;

    public abstract SqlDialect Dialect { get; }

    /// <summary>The port the driver uses when the config names none.</summary>
    protected abstract int DefaultPort { get; }

    /// <summary>The database name when the server is PostgreSQL-speaking (judged against the platform's own).</summary>
    protected virtual string? PostgresDatabase(ConnectionSettings settings) => null;

    /// <summary>
    /// Makes a command that carries user text travel as exactly one statement in one protocol message, so the server
    /// itself refuses a second statement whatever the text's comments and quotes made of it.
    /// </summary>
    protected virtual Task SealAsync(DbCommand command, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The server's plan of user SQL where the database gives one (null otherwise); nothing runs, and the command is
    /// left for reuse.
    /// </summary>
    protected virtual Task<string?> PlanUserSqlAsync(DbCommand command, string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Refuses user SQL by what the server says it would call (<paramref name="plan"/>), before anything runs.</summary>
    protected virtual Task RequireHarmlessAsync(DbCommand command, string? plan, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Whether the planned statement calls a function that may read tables its plan does not name (one that runs query
    /// text, or one the source's users defined), so the tables in the plan are not all it reads. False by default.
    /// </summary>
    protected virtual Task<bool> MayReadUnplannedAsync(DbCommand command, string plan, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Refuses user SQL by what the server says it would call; answers the server's plan of it, if any.</summary>
    private async Task<string?> GuardUserSqlAsync(DbCommand command, string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        var plan = await PlanUserSqlAsync(command, sql, values, cancellationToken);
        await RequireHarmlessAsync(command, plan, cancellationToken);
        return plan;
    }

    /// <summary>Clears what a statement may have left on the session (locks, settings) before the pool hands it out again.</summary>
    protected virtual Task ResetSessionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the server, once connected, what it is; refuses the platform's own (see <see cref="SourceTargetGuard"/>).</summary>
    protected virtual Task VerifyServerAsync(DbConnection connection, SourceTargetGuard guard, CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract DbConnection CreateConnection(ConnectionSettings settings);

    /// <summary>Starts the transaction the statement runs in and applies a server-side statement timeout where possible.</summary>
    protected abstract Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Judges where a config being saved points (a name that does not resolve yet is judged at connect).</summary>
    public Task CheckTargetAsync(ConnectionSettings target, CancellationToken cancellationToken) =>
        guard.ResolveAsync(target.Host, target.Port ?? DefaultPort, PostgresDatabase(target), cancellationToken, unresolvedIsError: false);

    /// <summary>Opens a connection and runs a trivial query; throws <see cref="SourceException"/> with a scrubbed message.</summary>
    public Task TestAsync(ConnectionSettings settings, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, userSql: false, "test", async (command, ct) =>
        {
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<SourceTable>> ReadSchemaAsync(ConnectionSettings settings, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, userSql: false, "schema", async (command, ct) =>
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
            SourceQueryTelemetry.RecordRows(read);
            return (IReadOnlyList<SourceTable>)tables;

            void Flush()
            {
                if (table is not null)
                {
                    tables.Add(new SourceTable(schema!, table, columns));
                }
            }
        }, cancellationToken);

    /// <summary>
    /// One table's columns in order, with their full types (<see cref="SqlDialect.ColumnsOfTable"/>); none when the
    /// table is not there. Schema drift checks read this within the sensor's time limit.
    /// </summary>
    public Task<IReadOnlyList<SourceColumn>> ReadTableColumnsAsync(
        ConnectionSettings settings, string? schema, string table, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, userSql: false, "schema", async (command, ct) =>
        {
            Bind(command, Dialect.ColumnsOfTable(schema is not null), schema is null ? [table] : [schema, table]);
            var columns = new List<SourceColumn>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct) && columns.Count < MaxSchemaColumns)
            {
                columns.Add(new SourceColumn(reader.GetString(0), reader.GetString(1), Convert.ToBoolean(reader.GetValue(2), CultureInfo.InvariantCulture)));
            }

            SourceQueryTelemetry.RecordRows(columns.Count);
            return (IReadOnlyList<SourceColumn>)columns;
        }, cancellationToken);

    /// <summary>Runs a sensor: the first row's first column is the value, a second column (if any) the lower value.</summary>
    public Task<SensorReading> MeasureAsync(ConnectionSettings settings, SensorQuery query, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(settings, timeout, query.UserSql, "sensor", (command, ct) => ReadSensorAsync(command, query, ct), cancellationToken);

    /// <summary>
    /// Sets a sensor's (or sample's) statement and parameters on the command; user SQL is first judged by the guard and,
    /// once set, sealed to that one statement. The one path every statement of a check takes to the source.
    /// </summary>
    private async Task PrepareAsync(DbCommand command, SensorQuery query, CancellationToken ct)
    {
        if (query.UserSql)
        {
            await GuardUserSqlAsync(command, query.Sql, [.. query.Parameters.Select(p => p.Value)], ct);
        }

        command.Parameters.Clear();
        command.CommandText = query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        if (query.UserSql)
        {
            await SealAsync(command, ct);
        }
    }

    private async Task<SensorReading> ReadSensorAsync(DbCommand command, SensorQuery query, CancellationToken ct)
    {
            await PrepareAsync(command, query, ct);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct))
            {
                SourceQueryTelemetry.RecordRows(0);
                return new SensorReading(null);
            }

            SourceQueryTelemetry.RecordRows(1);

            return new SensorReading(Number(reader, 0), reader.FieldCount > 1 ? Number(reader, 1) : null);
    }

    /// <summary>
    /// Runs user SQL (already checked by <see cref="ReadOnlySql"/> and bound by <see cref="Domain.Queries.QueryTemplate"/>)
    /// and hands the open reader to <paramref name="consume"/>, which may stop early (<see cref="SourceRead.StopAsync"/>).
    /// Which tables the statement reads is asked of the database before it runs, where the database can say, and handed
    /// to <paramref name="admit"/> (null when the database cannot say), which may refuse the statement by throwing.
    /// </summary>
    public Task<T> QueryAsync<T>(
        ConnectionSettings settings, BoundQuery query, TimeSpan timeout, Func<SourceRead, CancellationToken, Task<T>> consume, CancellationToken cancellationToken,
        Action<IReadOnlyList<DatasetRead>?>? admit = null) =>
        RunAsync(settings, timeout, userSql: true, "query", async (command, ct) =>
        {
            var plan = await PlanUserSqlAsync(command, query.Sql, query.Values, ct);
            var datasets = await DatasetsReadAsync(command, plan, ct);
            if (admit is not null)
            {
                // Judged before the function guard, so a statement that may reach a restricted table is refused (and
                // audited) as such whatever else it calls. A function that may read tables the plan does not name
                // makes what the statement reads unknown.
                var known = datasets is not null && plan is not null && !await MayReadUnplannedAsync(command, plan, ct);
                admit(known ? [.. datasets!, .. await ParentsAsync(command, datasets!, ct)] : null);
            }

            await RequireHarmlessAsync(command, plan, ct);

            Bind(command, query);
            await SealAsync(command, ct);
            // Rows are read whole (not SequentialAccess): measured faster for the narrow rows of analytics results, and memory
            // still holds one row at a time.
            await using var reader = await command.ExecuteReaderAsync(ct);
            var read = new SourceRead(command, reader, datasets ?? DatasetsOfColumns(reader));
            return await consume(read, ct);
        }, cancellationToken);

    /// <summary>The tables (and, where they can be attributed, columns) a statement will read, or null when unknown before it runs.</summary>
    protected virtual Task<IReadOnlyList<DatasetRead>?> DatasetsReadAsync(DbCommand command, string? plan, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DatasetRead>?>(null);

    /// <summary>
    /// The tables <paramref name="datasets"/> are partitions or children of, at every level (none by default): a dataset
    /// registered on a parent must be refused when the plan names only its partitions, or a partition read directly.
    /// </summary>
    protected virtual Task<IReadOnlyList<DatasetRead>> ParentsAsync(DbCommand command, IReadOnlyList<DatasetRead> datasets, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DatasetRead>>([]);

    protected void Bind(DbCommand command, BoundQuery query) => Bind(command, query.Sql, query.Values);

    protected void Bind(DbCommand command, string sql, IReadOnlyList<object?> values)
    {
        command.CommandText = sql;
        command.Parameters.Clear();
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Dialect.ParameterName(i);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    // The drivers that report each result column's base table and column (MySQL, SQL Server) attribute those.
    private static IReadOnlyList<DatasetRead> DatasetsOfColumns(DbDataReader reader)
    {
        if (!reader.CanGetColumnSchema())
        {
            return [];
        }

        return reader.GetColumnSchema()
            .Where(c => !string.IsNullOrEmpty(c.BaseTableName))
            .GroupBy(c => (Schema: c.BaseSchemaName ?? c.BaseCatalogName ?? "", Table: c.BaseTableName!))
            .Select(g => new DatasetRead(g.Key.Schema, g.Key.Table,
                g.Where(c => !string.IsNullOrEmpty(c.BaseColumnName)).Select(c => c.BaseColumnName!).Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <param name="userSql">The work runs a tenant's SQL: the session is reset before the pool reuses it. The platform's
    /// own statements (tests, schema reads, built-in sensors) take no locks and change no settings, and skip the round trip.</param>
    /// <param name="kind">What the round is for, on its span (<see cref="SourceQueryTelemetry"/>).</param>
    private async Task<T> RunAsync<T>(
        ConnectionSettings settings, TimeSpan timeout, bool userSql, string kind, Func<DbCommand, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var activity = SourceQueryTelemetry.Start(Dialect.Name, kind);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.StartNew();
        try
        {
            // Resolved and judged once; the driver connects to exactly the address judged (no second DNS answer).
            var port = settings.Port ?? DefaultPort;
            var address = await guard.ResolveAsync(settings.Host, port, PostgresDatabase(settings), deadline.Token);
            await using var connection = CreateConnection(settings with { Host = address!.ToString(), Port = port });
            await connection.OpenAsync(deadline.Token);
            await VerifyServerAsync(connection, guard, deadline.Token);
            try
            {
                await using var transaction = await BeginReadOnlyAsync(connection, timeout, deadline.Token);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds) + 1;
                var result = await work(command, deadline.Token);
                await transaction.RollbackAsync(CancellationToken.None);
                return result;
            }
            finally
            {
                if (userSql)
                {
                    await ResetSessionAsync(connection, CancellationToken.None);
                }
            }
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException or InvalidCastException
            or FormatException or OverflowException or TimeoutException or System.Net.Sockets.SocketException)
        {
            SourceQueryTelemetry.RecordFailure(activity, e);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The run was cancelled.", e, cancellationToken);
            }

            // On a busy machine the driver's own command timeout (a second later) can fire before the deadline's timer
            // callback runs; whatever fails once the time is up failed because the time was up.
            if (deadline.IsCancellationRequested || started.Elapsed >= timeout)
            {
                throw new SourceException(string.Create(CultureInfo.InvariantCulture, $"The query did not finish within {timeout.TotalSeconds:0.#} s and was cancelled."), e) { TimedOut = true };
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

    /// <summary>The statement ran past its timeout (and was cancelled on the source).</summary>
    public bool TimedOut { get; init; }
}

/// <summary>A table a query reads: its schema, name and the columns read from it (null when they cannot be attributed).</summary>
public sealed record DatasetRead(string Schema, string Table, IReadOnlyList<string>? Columns);

/// <summary>An executing user query: its reader and the tables it reads.</summary>
public sealed class SourceRead(DbCommand command, DbDataReader reader, IReadOnlyList<DatasetRead> datasets)
{
    public DbDataReader Reader => reader;

    public IReadOnlyList<DatasetRead> Datasets => datasets;

    /// <summary>
    /// Stops the statement on the source when the caller has read enough (a row cap): without this, closing the reader
    /// would fetch every remaining row first.
    /// </summary>
    public async Task StopAsync()
    {
        try
        {
            command.Cancel();
            await reader.DisposeAsync();
        }
        catch (DbException)
        {
            // The cancellation itself surfaces as an error on the remaining rows; there is nothing left to read.
        }
    }
}
