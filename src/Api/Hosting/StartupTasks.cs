using Hangfire;
using DqPlatform.Infrastructure.Persistence;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// Work done once before the server listens: migrations (on by default), the recurring jobs, and the first tenant
/// (opt-in).
/// </summary>
public static class StartupTasks
{
    public static IServiceCollection AddDqpStartupTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StartupOptions>(configuration.GetSection("Dqp:Startup"));
        return services;
    }

    public static async Task RunStartupTasksAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StartupOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        if (options.Migrate)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }

        var skipped = Infrastructure.Jobs.JobsServiceCollectionExtensions.RegisterRecurringJobs(
            scope.ServiceProvider.GetRequiredService<Hangfire.IRecurringJobManager>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.Jobs.JobsOptions>>().Value);
        if (skipped.Count > 0)
        {
            app.Logger.LogWarning("Recurring jobs {JobIds} were left as registered: another process held their lock.", string.Join(", ", skipped));
        }

        if (options.Bootstrap)
        {
            var result = await scope.ServiceProvider.GetRequiredService<TenantBootstrapper>()
                .EnsureAsync(options.OrganizationName, options.WorkspaceName, app.Lifetime.ApplicationStopping);
            PrintBootstrap(result);
            if (options.DemoData)
            {
                await scope.ServiceProvider.GetRequiredService<Infrastructure.Demo.DemoSeeder>().EnsureAsync(
                    result.WorkspaceId, app.Configuration.GetConnectionString("Postgres")!, app.Lifetime.ApplicationStopping);
                // Fire the demo schedules now rather than at the next minute.
                scope.ServiceProvider.GetRequiredService<Hangfire.IBackgroundJobClient>()
                    .Enqueue<Infrastructure.Jobs.ScheduleDispatcher>(d => d.TickAsync(CancellationToken.None));
                Console.WriteLine($"DQ Platform: demo checks on '{Infrastructure.Demo.DemoSeeder.ConnectionName}' run every minute.");
            }
        }
    }

    // Written to the console, not the log: the key is shown to the person who started the server, once.
    private static void PrintBootstrap(BootstrapResult result)
    {
        if (result.NewAdminKey is null)
        {
            Console.WriteLine($"DQ Platform: workspace {result.WorkspaceId} ready (admin key created earlier; it is shown only once).");
            return;
        }

        Console.WriteLine($"""

            ==================================================================
             DQ Platform: first organization and workspace created.
             Organization admin API key (shown this once, store it now):

               {result.NewAdminKey}

             Use it as: Authorization: Bearer <key>
            ==================================================================

            """);
    }
}

public sealed class StartupOptions
{
    public bool Migrate { get; set; } = true;
    public bool Bootstrap { get; set; }

    /// <summary>With <see cref="Bootstrap"/>: a demo source database, connection and scheduled checks (the run command's local setup).</summary>
    public bool DemoData { get; set; }
    public string OrganizationName { get; set; } = "Default organization";
    public string WorkspaceName { get; set; } = "default";
}
