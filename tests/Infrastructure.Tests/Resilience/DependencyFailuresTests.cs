using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Resilience;

/// <summary>Real driver failures, told apart: the server going away is an outage; a refused statement or a source's failure is not.</summary>
public sealed class DependencyFailuresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SessionEndedByTheServer_IsAnOutageOnABrokenConnectionThatNeverRanTheNextStatement()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection))
        {
            var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => terminate.ExecuteScalarAsync());
            Assert.True(DependencyFailures.IsOutage(failure), failure.ToString());
            Assert.True(DependencyFailures.IsBrokenConnection(failure), failure.ToString());
        }
    }

    [Fact]
    public async Task NoServerListening_IsAnOutageThatNeverReachedTheServer()
    {
        var closed = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = FreePort.Next(), Pooling = false, Timeout = 3 };
        await using var connection = new NpgsqlConnection(closed.ConnectionString);

        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(DependencyFailures.IsOutage(failure), failure.ToString());
        Assert.True(DependencyFailures.NeverReachedServer(failure), failure.ToString());
        Assert.True(DependencyFailures.IsOutage(new DbUpdateException("wrapped", failure)));
        // A source database that is down is the source's failure, reported as such, not the platform being away.
        Assert.False(DependencyFailures.IsOutage(new SourceException("The source did not answer.", failure)));
    }

    [Fact]
    public async Task StatementTheServerRefused_IsNoOutage()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1/0", connection);

        var failure = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());

        Assert.False(DependencyFailures.IsOutage(failure));
        Assert.False(DependencyFailures.IsBrokenConnection(failure));
        Assert.False(DependencyFailures.NeverReachedServer(failure));
    }

    [Fact]
    public async Task StatementTimeout_IsATimeoutNoOutage()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET statement_timeout = 200; SELECT pg_sleep(30)", connection);

        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());

        Assert.False(DependencyFailures.IsOutage(failure), failure.ToString());
        Assert.True(DependencyFailures.IsStatementTimeout(failure), failure.ToString());
        Assert.False(DependencyFailures.IsOutage(new DbUpdateException("wrapped", failure)));
    }

    [Fact]
    public async Task CommandTimeoutOnAPlatformConnection_IsTheServersStatementTimeoutNoOutage()
    {
        var tuned = NpgsqlOptions.Tuned(new NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 2 }.ConnectionString);
        await using var connection = new NpgsqlConnection(tuned);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(30)", connection);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync());

        Assert.False(DependencyFailures.IsOutage(failure), failure.ToString());
        Assert.True(DependencyFailures.IsStatementTimeout(failure), failure.ToString());
        // Cancelled by the server, the connection stays usable.
        await using var next = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await next.ExecuteScalarAsync());
    }
}
