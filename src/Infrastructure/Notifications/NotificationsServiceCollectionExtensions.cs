using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Notifications: routing incident changes to channels, the delivery jobs and log. HTTP channels share the webhooks'
    /// client and SSRF guard (<c>AddDqpWebhooks</c> must be registered too).
    /// </summary>
    public static IServiceCollection AddDqpNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection("Dqp:Notifications"));
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<EmailSender>();
        services.AddScoped<ChannelSender>();
        services.AddScoped<NotificationLog>();
        services.AddScoped<NotificationDeliveryJob>();
        services.AddScoped<NotificationStrandedSweep>();
        services.AddHostedService<NotificationFanout>();
        return services;
    }
}
