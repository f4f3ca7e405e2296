using DqPlatform.Infrastructure.Queries.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries;

public static class QueryServiceCollectionExtensions
{
    /// <summary>The query service: interactive and batch runs of tenants' SQL, their ledger, exports and their retention.</summary>
    public static IServiceCollection AddDqpQueryService(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<QueryOptions>(configuration.GetSection("Dqp:Queries"));
        services.AddOptions<ExportStoreOptions>().Bind(configuration.GetSection("Dqp:Exports"))
            .Validate(o => !o.S3.Enabled || o.S3.PartSize is >= S3ExportOptions.MinPartSize and <= S3ExportOptions.MaxPartSize,
                "Dqp:Exports:S3:PartSize must be 5 MiB (5242880, S3's smallest part) to 1 GiB (1073741824).")
            .Validate(o => !o.S3.Enabled || (o.S3.PresignExpiry >= S3ExportOptions.MinPresignExpiry && o.S3.PresignExpiry <= S3ExportOptions.MaxPresignExpiry),
                "Dqp:Exports:S3:PresignExpiry must be 00:00:01 to 7.00:00:00 (S3's longest pre-signed URL).")
            .ValidateOnStart();
        services.AddSingleton<LocalExportStore>();
        services.AddSingleton<S3ExportStore>();
        services.AddSingleton(sp => new ExportStores(
            sp.GetRequiredService<LocalExportStore>(),
            sp.GetRequiredService<IOptions<ExportStoreOptions>>().Value.S3.Enabled ? sp.GetRequiredService<S3ExportStore>() : null));
        services.AddSingleton<QueryRunLedger>();
        services.AddScoped<QueryRuns>();
        services.AddScoped<QueryJob>();
        services.AddSingleton<BatchAdmission>();
        services.AddScoped<ExportRetention>();
        services.AddScoped<SavedQueryStore>();
        services.AddScoped<QueryReads>();
        return services;
    }
}
