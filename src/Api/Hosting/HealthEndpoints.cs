using System.Text.Json;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace DqPlatform.Api.Hosting;

/// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: PostgreSQL and Redis answer (503 with the reason otherwise).</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddDqpHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks();
        checks.AddNpgSql(sp => sp.GetRequiredService<DatabaseConnectionStrings>().Postgres,
            name: "postgres", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            checks.AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(),
                name: "redis", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        }

        return services;
    }

    public static WebApplication MapDqpHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        });
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), reason = e.Value.Status == HealthStatus.Healthy ? null : Reason(e.Value) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    // Exception messages of the drivers name the host and port but never the password.
    private static string Reason(HealthReportEntry entry) =>
        entry.Exception?.Message ?? entry.Description ?? "unhealthy";
}
