using System.Globalization;
using DqPlatform.Api.Queries;
using DqPlatform.Infrastructure.Resilience;
using GraphQL;

namespace DqPlatform.Api.Hosting;

/// <summary>
/// A request that fails because PostgreSQL or Redis is away (<see cref="DependencyFailures"/>) outside a resolver (a
/// key being verified, a REST endpoint) answers 503 with Retry-After and the code <c>SERVICE_UNAVAILABLE</c>, in the
/// error shape of the endpoint, never a bare 500. Failures inside GraphQL execution are mapped by the error provider.
/// </summary>
public static partial class DependencyOutageResponses
{
    public static WebApplication UseDqpDependencyOutageResponses(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (Exception e) when (DependencyFailures.IsOutage(e) && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
            {
                LogOutage(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyOutageResponses)), e);
                await WriteAsync(http);
            }
        });
        return app;
    }

    /// <summary>The answer to a request a dependency outage stopped, in the shape of its endpoint.</summary>
    public static async Task WriteAsync(HttpContext http)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = DependencyFailures.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/v1"))
        {
            await http.Response.WriteAsJsonAsync(RestErrors.Body(DependencyFailures.UnavailableCode, DependencyFailures.UnavailableMessage), http.RequestAborted);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        var error = new ExecutionError(DependencyFailures.UnavailableMessage) { Code = DependencyFailures.UnavailableCode };
        await http.RequestServices.GetRequiredService<IGraphQLTextSerializer>()
            .WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error], Executed = false }, http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request failed because PostgreSQL or Redis is unavailable; answered 503")]
    private static partial void LogOutage(ILogger logger, Exception exception);
}
