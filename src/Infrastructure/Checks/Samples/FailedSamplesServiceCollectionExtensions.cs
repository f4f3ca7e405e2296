using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Checks.Samples;

public static class FailedSamplesServiceCollectionExtensions
{
    /// <summary>Failed-row samples: taking them on failing runs, sealing, reading for the graph, and their retention job.</summary>
    public static IServiceCollection AddDqpFailedSamples(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FailedSampleOptions>(configuration.GetSection("Dqp:Checks:Samples"));
        services.AddSingleton<SampleSealer>();
        services.AddSingleton<FailedSamples>();
        services.AddScoped<FailedSampleReads>();
        services.AddScoped<FailedSampleRetention>();
        return services;
    }
}
