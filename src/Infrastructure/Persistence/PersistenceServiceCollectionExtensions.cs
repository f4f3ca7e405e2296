using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DqPlatform.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers both contexts. <c>ConnectionStrings:Postgres</c> is required; <c>ConnectionStrings:Data</c>
    /// moves the query-service schema to its own database and defaults to the same one.
    /// </summary>
    public static IServiceCollection AddDqpPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the server with scripts/run.sh, or set ConnectionStrings__Postgres.");
        }

        var data = configuration.GetConnectionString("Data");
        if (string.IsNullOrWhiteSpace(data))
        {
            data = postgres;
        }

        services.TryAddSingleton<Auditing.IAuditActor, Auditing.NoAuditActor>();
        services.AddSingleton<Auditing.AuditingInterceptor>();
        services.AddSingleton<Auditing.QueryDataAuditingInterceptor>();
        // EF Core's thread-safety check costs an AsyncLocal write per row read (7% of a dashboard request's
        // allocations). A context is never shared between threads here: GraphQL queries run their resolvers serially
        // and every job and request has its own scope.
        services.AddDbContextPool<DqDbContext>((sp, o) => o.UseDqPostgres(postgres).EnableThreadSafetyChecks(false)
            .AddInterceptors(sp.GetRequiredService<Auditing.AuditingInterceptor>()));
        services.AddDbContextPool<QueryDataDbContext>((sp, o) => o.UseQueryDataPostgres(data).EnableThreadSafetyChecks(false)
            .AddInterceptors(sp.GetRequiredService<Auditing.QueryDataAuditingInterceptor>()));
        services.AddSingleton(new DatabaseConnectionStrings(postgres, data));
        // For the few hot statements written in SQL (storing results, claiming schedules) rather than through EF.
        services.AddSingleton(_ => Resilience.PostgresPools.Track(Npgsql.NpgsqlDataSource.Create(postgres)));
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<PartitionMaintenance>();
        services.AddScoped<TenantBootstrapper>();
        // Every feature's data confined to the caller's workspace (the caller comes from the host: ICurrentCaller).
        services.AddScoped<WorkspaceData>();
        return services;
    }
}
