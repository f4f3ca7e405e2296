using System.Globalization;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>The one place that says how both contexts talk to PostgreSQL (enum types, history tables, naming, retries).</summary>
public static class NpgsqlOptions
{
    public static DbContextOptionsBuilder UseDqPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tuned(connectionString), o =>
            {
                o.MigrationsHistoryTable("__ef_migrations_history", DqDbContext.Schema);
                o.ExecutionStrategy(d => new Resilience.PlatformExecutionStrategy(d));
                MapEnums(o);
            })
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UseQueryDataPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tuned(connectionString), o => o
                .MigrationsHistoryTable("__ef_migrations_history", QueryData.QueryDataDbContext.Schema)
                .ExecutionStrategy(d => new Resilience.PlatformExecutionStrategy(d)))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// The contexts run a small, fixed set of statement shapes many times over, so unless the connection string says
    /// otherwise Npgsql prepares the frequent ones (PostgreSQL then skips parsing and planning them), and a connection
    /// going back to the pool keeps its session instead of paying DISCARD ALL, which would also drop those prepared
    /// statements. Nothing in these contexts sets session state; transaction-scoped settings end with the transaction.
    /// It also bounds how long a connection attempt and a statement may take (see below).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers for every keyword it knows; the plain builder only for
        // the keywords actually written.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keys) => keys.Any(given.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // A server that does not answer a connection attempt within 5 s is away: failing fast lets the retries (and
        // the request's SERVICE_UNAVAILABLE) come in seconds rather than after Npgsql's 15 s per attempt.
        if (!Given("Timeout"))
        {
            builder.Timeout = 5;
        }

        // The server cancels a statement just before the command timeout (57014, answered as TIMEOUT and never
        // retried): a slow statement on a healthy connection then always looks so, and a command timeout that
        // Npgsql itself raises means the server did not answer at all (an outage).
        if (!Given("Options") && builder.CommandTimeout > 1)
        {
            builder.Options = string.Create(CultureInfo.InvariantCulture, $"-c statement_timeout={(builder.CommandTimeout - 1) * 1000}");
        }

        return builder.ConnectionString;
    }

    private static void MapEnums(NpgsqlDbContextOptionsBuilder o)
    {
        var t = LowerCaseNameTranslator.Instance;
        o.MapEnum<ConnectionType>("connection_type", DqDbContext.Schema, t);
        o.MapEnum<ConnectionStatus>("connection_status", DqDbContext.Schema, t);
        o.MapEnum<CheckTargetType>("check_target_type", DqDbContext.Schema, t);
        o.MapEnum<CheckSeverity>("check_severity", DqDbContext.Schema, t);
        o.MapEnum<CheckOutcome>("check_outcome", DqDbContext.Schema, t);
        o.MapEnum<IncidentStatus>("incident_status", DqDbContext.Schema, t);
        o.MapEnum<IncidentGrouping>("incident_grouping", DqDbContext.Schema, t);
        o.MapEnum<JobStatus>("job_status", DqDbContext.Schema, t);
    }
}
