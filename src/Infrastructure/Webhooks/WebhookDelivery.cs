using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Common;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Security;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>
/// One delivery attempt, run by Hangfire: POST the JSON body with <c>X-DQP-Event</c>, <c>X-DQP-Delivery</c>,
/// <c>X-DQP-Timestamp</c> and <c>X-DQP-Signature: sha256=HMAC(secret, "{timestamp}.{body}")</c>. A failure schedules
/// the next attempt after the configured backoff; enough consecutive failures disable the webhook.
/// </summary>
public sealed partial class WebhookDelivery(
    DqDbContext db, IHttpClientFactory http, WebhookDestinations destinations, Security.ConnectionConfigProtector protector, IBackgroundJobClient jobs, IOptions<WebhookOptions> options,
    IClock clock, ILogger<WebhookDelivery> logger)
{
    public const string HttpClientName = "webhooks";

    [Queue("default")]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(Guid webhookId, string eventName, string body, Guid deliveryId, int attempt, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(webhookId, eventName, body, deliveryId, cancellationToken);
        if (outcome is { Delivered: false, Retry: true } && attempt < options.Value.Backoff.Length)
        {
            jobs.Schedule<WebhookDelivery>(d => d.DeliverAsync(webhookId, eventName, body, deliveryId, attempt + 1, CancellationToken.None),
                options.Value.Backoff[attempt]);
        }
    }

    /// <summary>One attempt, recorded on the webhook row; answers whether it was delivered and whether a retry makes sense.</summary>
    public async Task<DeliveryOutcome> SendAsync(Guid webhookId, string eventName, string body, Guid deliveryId, CancellationToken cancellationToken)
    {
        var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == webhookId, cancellationToken);
        if (webhook is null || (!webhook.Enabled && eventName != Domain.Webhooks.WebhookEvents.Ping))
        {
            return new DeliveryOutcome(false, false, null, "The webhook is gone or disabled.");
        }

        int? status = null;
        string? error = null;
        try
        {
            await destinations.RequireAllowedAsync(webhook.Url, cancellationToken, unresolvedIsError: true);
            var timestamp = clock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-DQP-Event", eventName);
            request.Headers.Add("X-DQP-Delivery", deliveryId.ToString());
            request.Headers.Add("X-DQP-Timestamp", timestamp);
            if (webhook.Secret is { } secret)
            {
                request.Headers.Add("X-DQP-Signature", "sha256=" + Sign(protector.RevealText(secret), timestamp, body));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {status}.";
            }
        }
        catch (ValidationException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = e is OperationCanceledException ? "The receiver did not answer in time." : "The receiver could not be reached.";
        }

        var delivered = error is null;
        await RecordAsync(webhook.Id, status, delivered, cancellationToken);
        if (!delivered)
        {
            LogFailed(webhook.Id, eventName, error!);
        }

        return new DeliveryOutcome(delivered, !delivered, status, error);
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    // Counted in SQL so concurrent deliveries of one webhook do not lose failures.
    private Task RecordAsync(Guid webhookId, int? status, bool delivered, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var max = options.Value.MaxConsecutiveFailures;
        return delivered
            ? db.Webhooks.Where(w => w.Id == webhookId).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.LastTriggeredAt, now).SetProperty(w => w.LastResponseCode, status).SetProperty(w => w.FailureCount, 0), cancellationToken)
            : db.Webhooks.Where(w => w.Id == webhookId).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.LastTriggeredAt, now).SetProperty(w => w.LastResponseCode, status)
                .SetProperty(w => w.FailureCount, w => w.FailureCount + 1)
                .SetProperty(w => w.Enabled, w => w.Enabled && w.FailureCount + 1 < max), cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Webhook {WebhookId} delivery of {EventName} failed: {Error}")]
    private partial void LogFailed(Guid webhookId, string eventName, string error);
}

public sealed record DeliveryOutcome(bool Delivered, bool Retry, int? ResponseCode, string? Error);
