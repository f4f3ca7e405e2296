using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Queries;

public static class QueryServiceCollectionExtensions
{
    /// <summary>The query service: interactive and batch runs of tenants' SQL, their ledger, exports and their retention.</summary>
    public static IServiceCollection AddDqpQueryService(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QueryOptions>(configuration.GetSection("Dqp:Queries"));
        services.AddSingleton<ExportFiles>();
        services.AddSingleton<QueryRunLedger>();
        services.AddScoped<QueryRuns>();
        services.AddScoped<QueryJob>();
        services.AddScoped<ExportRetention>();
        services.AddScoped<SavedQueryStore>();
        services.AddScoped<QueryReads>();
        return services;
    }
}
