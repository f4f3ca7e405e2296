using DqPlatform.Infrastructure.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DqPlatform.Infrastructure.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry (<c>Dqp:Telemetry</c>): traces of HTTP requests, GraphQL operations, the platform's database
    /// (Npgsql, which carries EF Core's statements too; without the statements), Redis, jobs and source-database queries; the product's metrics with
    /// ASP.NET Core's and the runtime's, scraped at <see cref="TelemetryOptions.MetricsPath"/> and pushed with traces
    /// and logs over OTLP when an endpoint is configured. Off (<c>Enabled: false</c>) registers nothing.
    /// </summary>
    /// <param name="libraries">Activity sources and meters of libraries this project cannot reference (the GraphQL server's).</param>
    public static IServiceCollection AddDqpTelemetry(this IServiceCollection services, IConfiguration configuration, params string[] libraries)
    {
        var options = configuration.GetSection("Dqp:Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton(options);
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton<JobStateMetrics>();
        var redis = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                    .AddProcessor(new StatementScrubber())
                    .AddSource([PlatformInstruments.Name, .. libraries])
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Scrapes and probes every few seconds would bury the requests worth reading.
                        o.Filter = context => !IsOperational(context.Request.Path, options);
                        o.RecordException = false;
                    })
                    // Npgsql's spans cover EF Core's statements too. EF Core's own instrumentation doubled every
                    // database span and has EF Core raise diagnostic events for every command, reader and connection;
                    // with it (and the memory pool's counters, below) the telemetry benchmark measured 1.3-1.45x the
                    // API's CPU per dashboard request of telemetry off, without them 1.06x.
                    .AddNpgsql();
                if (redis)
                {
                    tracing.AddRedisInstrumentation();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter([PlatformInstruments.Name, JobStateMetrics.MeterName, "System.Runtime", .. libraries])
                    // HTTP server durations and Kestrel's connections; not the memory pool's counters, which count
                    // every buffer rented. Not Npgsql's pool metrics either: each pool is labelled with its connection
                    // string, and the source databases' pools would put tenants' hosts, databases and users on /metrics.
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (!string.IsNullOrEmpty(options.MetricsPath))
                {
                    metrics.AddPrometheusExporter(o => o.ScrapeEndpointPath = options.MetricsPath);
                }
            });
        // Created with the tracer provider, so no driver span is exported before its exceptions are worded.
        services.AddSingleton<DriverExceptions>();
        services.ConfigureOpenTelemetryTracerProvider((sp, _) => sp.GetRequiredService<DriverExceptions>());
        // Created with the meter provider, so the jobs gauge exists before the first collection.
        services.ConfigureOpenTelemetryMeterProvider((sp, _) => sp.GetRequiredService<JobStateMetrics>());

        if (OtlpEndpoint(options, configuration) is { } endpoint)
        {
            var protocol = (options.OtlpProtocol ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) is "http/protobuf"
                ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            telemetry.WithLogging().UseOtlpExporter(protocol, endpoint);
        }

        return services;
    }

    /// <summary>Scrapes, probes and the IDE's assets: not traced.</summary>
    public static bool IsOperational(PathString path, TelemetryOptions options) =>
        (options.MetricsPath.Length > 0 && path.StartsWithSegments(options.MetricsPath))
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static Uri? OtlpEndpoint(TelemetryOptions options, IConfiguration configuration) =>
        (options.OtlpEndpoint is { Length: > 0 } ? options.OtlpEndpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) is { Length: > 0 } url
            ? new Uri(url) : null;
}
