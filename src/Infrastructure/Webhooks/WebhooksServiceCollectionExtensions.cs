using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Webhooks: the fan-out of events to subscriptions, signed deliveries, and the client that makes them.</summary>
    public static IServiceCollection AddDqpWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection("Dqp:Webhooks"));
        services.AddSingleton<WebhookDestinations>();
        services.AddScoped<WebhookDelivery>();
        services.AddScoped<WebhookStore>();
        services.AddHostedService<WebhookFanout>();
        // No redirects: a redirect could lead a delivery past the destination check into an internal network.
        services.AddHttpClient(WebhookDelivery.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookDestinations>().ConnectAsync,
            });
        // Not the factory's request logging: it writes each request's URL (at Information, and as a log scope), and a
        // webhook's URL is a tenant's secret (Slack's and Teams' carry their token in the path). Deliveries log their
        // outcome without the URL themselves.
        services.AddHttpClient(WebhookDelivery.HttpClientName).RemoveAllLoggers();
        return services;
    }
}
