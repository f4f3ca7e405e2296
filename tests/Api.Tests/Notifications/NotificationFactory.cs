using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Notifications;

/// <summary>
/// The API with a Hangfire server, quick retries, loopback receivers allowed (the SSRF guard's allow-list, as for webhook
/// tests) and PagerDuty's Events API replaced by a local receiver.
/// </summary>
public sealed class NotificationFactory : CheckEngineFactory
{
    public WebhookReceiver PagerDuty { get; } = new("v2/enqueue/");

    public const string PublicBaseUrl = "https://dq.example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Webhooks:AllowedHosts:0", "127.0.0.1");
        builder.UseSetting("Dqp:Notifications:PagerDutyEventsUrl", PagerDuty.Url);
        builder.UseSetting("Dqp:Notifications:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Dqp:Notifications:FirstRetryDelay", "00:00:01");
        builder.UseSetting("Dqp:Notifications:MaxRetryDelay", "00:00:02");
        builder.UseSetting("Dqp:Notifications:MaxAttempts", "3");
        builder.UseSetting("Dqp:Notifications:UnhealthyAfter", "3");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        PagerDuty.Dispose();
    }
}
