using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Connectors;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The tenants' source databases: connectors, the guard that keeps them off the platform, schema snapshots.</summary>
    public static IServiceCollection AddDqpSources(this IServiceCollection services)
    {
        services.AddOptions<SourceOptions>().BindConfiguration("Dqp:Sources");
        services.AddSingleton<PlatformEndpoints>();
        services.AddSingleton<SourceTargetGuard>();
        services.AddSingleton<SourceConnectors>();
        services.AddScoped<SourceSchemas>();
        services.AddScoped<SchemaHistoryStore>();
        services.AddScoped<Connections.ConnectionStore>();
        return services;
    }
}
