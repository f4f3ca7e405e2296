using System.Security.Cryptography;
using System.Text;
using DqPlatform.Infrastructure.Telemetry;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// <c>/metrics</c> (<c>Dqp:Telemetry:MetricsPath</c>) in Prometheus' text format. Its labels never name a tenant's
/// objects (see <see cref="PlatformInstruments"/>), but it tells load and error rates: serve it on the internal network
/// (the reverse proxy need not forward it), or set <c>Dqp:Telemetry:MetricsToken</c> and scrape with that bearer token.
/// </summary>
public static class MetricsEndpoint
{
    public static WebApplication MapDqpMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (!options.Enabled || options.MetricsPath.Length == 0)
        {
            return app;
        }

        if (options.MetricsToken is { Length: > 0 } token)
        {
            var expected = Encoding.UTF8.GetBytes("Bearer " + token);
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(options.MetricsPath)
                    && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(context);
            });
        }

        app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        return app;
    }
}
