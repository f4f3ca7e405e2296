using DqPlatform.Domain.Jobs;
using DqPlatform.Infrastructure.Checks.Samples;
using DqPlatform.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DqPlatform.Infrastructure.Checks;

public static class CheckEngineServiceCollectionExtensions
{
    /// <summary>
    /// The check engine: the job queue and its store, the runner and its Hangfire entry point, the schedule tick, the
    /// reaper of stuck jobs, and the stores of checks, incidents and schedules. Runs on <see cref="JobsServiceCollectionExtensions.AddDqpJobs"/>.
    /// </summary>
    public static IServiceCollection AddDqpCheckEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CheckEngineOptions>(configuration.GetSection("Dqp:Checks"));
        services.AddScoped<CheckTargets>();
        services.AddScoped<CheckStore>();
        services.AddScoped<CheckReads>();
        services.AddScoped<ResultSeriesReads>();
        services.AddScoped<Incidents.IncidentStore>();
        services.AddScoped<Scheduling.ScheduleStore>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<CheckJobQueue>();
        services.AddSingleton<JobLanes>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<CheckJobQueue>());
        services.AddScoped<CheckRunner>();
        services.AddScoped<SchemaDriftSensor>();
        services.AddScoped<MonitorStore>();
        services.AddDqpFailedSamples(configuration);
        services.AddScoped<CheckJob>();
        services.TryAddSingleton<ICheckRunObserver, EventPublishingObserver>();
        services.AddSingleton<CheckJobFailureFilter>();
        services.AddScoped<ScheduleDispatcher>();
        services.AddScoped<JobReaper>();
        return services;
    }
}
