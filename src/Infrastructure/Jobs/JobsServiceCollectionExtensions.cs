using DqPlatform.Infrastructure.Persistence;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Hangfire on PostgreSQL (schema <c>hangfire</c> of the platform database), which runs check runs, schedule ticks,
    /// batch queries and webhook deliveries. Every node can enqueue; nodes with <c>Dqp:Jobs:RunServer</c> (the
    /// default) also run workers.
    /// </summary>
    public static IServiceCollection AddDqpJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobsOptions>(configuration.GetSection("Dqp:Jobs"));
        var options = configuration.GetSection("Dqp:Jobs").Get<JobsOptions>() ?? new JobsOptions();

        // Storage and filters live in the container, not in Hangfire's static globals, so that two nodes hosted in
        // one process (tests) each keep their own database.
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(
                sp.GetRequiredService<DatabaseConnectionStrings>().Postgres, StorageOptions(options)),
            StorageOptions(options)));
        // Enqueuing carries the caller's trace into the job (Telemetry.JobTracing); Hangfire's clients take their
        // filters from this provider.
        services.AddSingleton<IJobFilterProvider>(new JobFilterProviderCollection(
            [JobFilterProviders.Providers, new JobFilterCollection { new Telemetry.JobTracing() }]));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.RunServer)
        {
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = options.WorkerCount;
                // Notifications first: a delivery is short and someone is waiting for it, while a burst of check runs
                // (the very runs that open the incidents) would otherwise hold every worker (issue 32's benchmark).
                o.Queues = [Notifications.NotificationDeliveryJob.Queue, CheckJob.Queue, "default"];
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                var own = new JobFilterCollection { sp.GetRequiredService<CheckJobFailureFilter>(), new Telemetry.JobTracing() };
                o.FilterProvider = new JobFilterProviderCollection([.. JobFilterProviders.Providers, own]);
                o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            });
        }

        return services;
    }

    private static PostgreSqlStorageOptions StorageOptions(JobsOptions options) => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = options.QueuePollInterval,
        // Long polling opens, LISTENs on and cancels a dedicated connection around every dequeue, busy queue or not:
        // that cost 20-170 ms between two jobs (issue 5's benchmark). Same-node enqueues signal waiting workers
        // anyway, and other nodes' jobs are picked up by the poll.
        EnableLongPolling = false,
        InvisibilityTimeout = options.InvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
    };

    /// <summary>Creates the Hangfire tables up front so that migrated databases (and test templates) already have them.</summary>
    public static void InstallHangfireSchema(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);

    /// <summary>
    /// The recurring work every deployment needs; idempotent, so every node may call it at start-up. Answers the ids it
    /// could not register because another process held the job's lock past Hangfire's 15 s: a node starting beside
    /// busy ones (or beside the stale lock of a node killed mid-tick) starts anyway — the job is already registered by
    /// whoever took the lock, so skipping it loses nothing.
    /// </summary>
    public static IReadOnlyList<string> RegisterRecurringJobs(IRecurringJobManager recurring, JobsOptions options)
    {
        var skipped = new List<string>();
        void Register(string id, Action add)
        {
            try
            {
                add();
            }
            catch (Exception e) when (e is Hangfire.Storage.DistributedLockTimeoutException or Hangfire.PostgreSql.PostgreSqlDistributedLockException)
            {
                skipped.Add(id);
            }
        }

        Register("schedule-tick", () => recurring.AddOrUpdate<ScheduleDispatcher>("schedule-tick", CheckJob.Queue, d => d.TickAsync(CancellationToken.None), options.ScheduleTickCron));
        Register("job-reaper", () => recurring.AddOrUpdate<JobReaper>("job-reaper", "default", r => r.SweepAsync(CancellationToken.None), "* * * * *"));
        Register("query-exports-retention", () => recurring.AddOrUpdate<Queries.ExportRetention>("query-exports-retention", "default", r => r.SweepAsync(CancellationToken.None), "*/5 * * * *"));
        Register("partitions-ahead", () => recurring.AddOrUpdate<PartitionMaintenance>("partitions-ahead", "default", p => p.EnsureAheadAsync(CancellationToken.None), "17 3 * * *"));
        Register("failed-samples-retention", () => recurring.AddOrUpdate<Checks.Samples.FailedSampleRetention>("failed-samples-retention", "default", r => r.SweepAsync(CancellationToken.None), "41 * * * *"));
        Register("notifications-stranded", () => recurring.AddOrUpdate<Notifications.NotificationStrandedSweep>("notifications-stranded", Notifications.NotificationDeliveryJob.Queue, s => s.SweepAsync(CancellationToken.None), "* * * * *"));
        return skipped;
    }
}
