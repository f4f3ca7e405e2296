using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>The one place that says how both contexts talk to PostgreSQL (enum types, history tables, naming).</summary>
public static class NpgsqlOptions
{
    public static DbContextOptionsBuilder UseDqPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o =>
            {
                o.MigrationsHistoryTable("__ef_migrations_history", DqDbContext.Schema);
                MapEnums(o);
            })
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UseQueryDataPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history", QueryData.QueryDataDbContext.Schema))
            .UseSnakeCaseNamingConvention();

    private static void MapEnums(NpgsqlDbContextOptionsBuilder o)
    {
        var t = LowerCaseNameTranslator.Instance;
        o.MapEnum<ConnectionType>("connection_type", DqDbContext.Schema, t);
        o.MapEnum<ConnectionStatus>("connection_status", DqDbContext.Schema, t);
        o.MapEnum<CheckTargetType>("check_target_type", DqDbContext.Schema, t);
        o.MapEnum<CheckSeverity>("check_severity", DqDbContext.Schema, t);
        o.MapEnum<IncidentStatus>("incident_status", DqDbContext.Schema, t);
        o.MapEnum<JobStatus>("job_status", DqDbContext.Schema, t);
    }
}
