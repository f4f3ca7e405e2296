using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Webhooks;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>The outcome of one attempt, as the delivery log records it; <see cref="Error"/> never holds a secret or a URL.</summary>
public sealed record AttemptResult(bool Delivered, bool Retryable, int? StatusCode, int LatencyMs, string? Error);

/// <summary>
/// One attempt to one channel. HTTP channels go through the webhooks' client (its connect judges every address with the
/// SSRF guard, follows no redirect and logs no URL); a webhook channel is delivered by the webhook's own signed
/// delivery; e-mail goes over SMTP (<see cref="EmailSender"/>).
/// </summary>
public sealed class ChannelSender(
    IHttpClientFactory http, WebhookDestinations destinations, WebhookDelivery webhooks, EmailSender email, IOptions<NotificationOptions> options)
{
    public async Task<AttemptResult> SendAsync(NotificationChannel channel, ChannelSettings settings, NotificationMessage message, Guid deliveryId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return channel.Kind switch
            {
                NotificationChannelKind.Slack => await ChatAsync(settings.Url!, ChannelPayloads.Slack(message), clock, cancellationToken),
                NotificationChannelKind.Teams => await ChatAsync(settings.Url!, ChannelPayloads.Teams(message), clock, cancellationToken),
                NotificationChannelKind.PagerDuty => await PagerDutyAsync(settings.RoutingKey!, message, deliveryId, clock, cancellationToken),
                NotificationChannelKind.Email => await MailAsync(settings.Email!, message, clock, cancellationToken),
                NotificationChannelKind.Webhook => await WebhookAsync(settings.WebhookId!.Value, channel.WorkspaceId, message, deliveryId, clock, cancellationToken),
                _ => new AttemptResult(false, false, null, 0, "Unknown channel kind."),
            };
        }
        catch (ValidationException e)
        {
            // The SSRF guard refused the destination: the settings are wrong, not the moment.
            return new AttemptResult(false, false, null, Elapsed(clock), Cut(e.Message));
        }
    }

    // Checked again at send time: a channel saved before https was required may still hold an http URL.
    private Task<AttemptResult> ChatAsync(string url, JsonObject payload, Stopwatch clock, CancellationToken cancellationToken)
    {
        destinations.RequireHttpsUnlessAllowed(url);
        return PostAsync(url, payload, clock, cancellationToken);
    }

    // A test trigger is followed by a resolve of the same dedup key, so no test alert stays open on the on-call's pager.
    private async Task<AttemptResult> PagerDutyAsync(string routingKey, NotificationMessage message, Guid deliveryId, Stopwatch clock, CancellationToken cancellationToken)
    {
        var url = options.Value.PagerDutyEventsUrl;
        var dedupKey = message.IsTest ? "dqp-test-" + deliveryId.ToString("N") : message.IncidentId!.Value.ToString();
        var result = await PostAsync(url, ChannelPayloads.PagerDuty(message, routingKey, dedupKey), clock, cancellationToken);
        if (!message.IsTest || !result.Delivered)
        {
            return result;
        }

        var resolved = await PostAsync(url, ChannelPayloads.PagerDutyResolve(routingKey, dedupKey), clock, cancellationToken);
        return resolved.Delivered
            ? resolved
            : resolved with { Retryable = false, Error = "The test alert was triggered but could not be resolved (resolve it in PagerDuty): " + resolved.Error };
    }

    private async Task<AttemptResult> PostAsync(string url, JsonObject payload, Stopwatch clock, CancellationToken cancellationToken)
    {
        await destinations.RequireAllowedAsync(url, cancellationToken, unresolvedIsError: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json") };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.CreateClient(WebhookDelivery.HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new AttemptResult(true, false, status, Elapsed(clock), null)
                : new AttemptResult(false, DeliveryRules.Retryable(status), status, Elapsed(clock), $"The receiver answered {status}.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(false, true, null, Elapsed(clock),
                e is OperationCanceledException ? "The receiver did not answer in time." : "The receiver could not be reached.");
        }
    }

    private async Task<AttemptResult> MailAsync(EmailSettings settings, NotificationMessage message, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            await email.SendAsync(settings, message, timeout.Token);
            return new AttemptResult(true, false, 250, Elapsed(clock), null);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            return new AttemptResult(false, DeliveryRules.SmtpRetryable(code), code, Elapsed(clock), Cut($"The SMTP server answered {code}: {e.Message}"));
        }
        catch (MailKit.Security.AuthenticationException)
        {
            return new AttemptResult(false, false, 535, Elapsed(clock), "The SMTP server refused the user name or password.");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException or MailKit.Security.SslHandshakeException
            or NotSupportedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(false, true, null, Elapsed(clock), e is OperationCanceledException
                ? "The SMTP server did not answer in time."
                : Cut("The SMTP server could not be reached or spoke unexpectedly: " + e.GetType().Name + "."));
        }
    }

    private async Task<AttemptResult> WebhookAsync(Guid webhookId, Guid workspaceId, NotificationMessage m, Guid deliveryId, Stopwatch clock, CancellationToken cancellationToken)
    {
        var eventName = m.IsTest ? Domain.Webhooks.WebhookEvents.Ping : m.Event;
        var data = new
        {
            workspaceId, incidentId = m.IncidentId, status = m.Status?.ToString().ToLowerInvariant(), severity = m.SeverityText, failureCount = m.FailureCount,
            check = m.CheckName, checkType = m.CheckType, table = m.Table, connection = m.Connection, url = m.IncidentUrl,
        };
        var outcome = await webhooks.SendAsync(webhookId, eventName, WebhookFanout.Body(eventName, deliveryId, m.At, data), deliveryId, cancellationToken);
        return new AttemptResult(outcome.Delivered, outcome.Retry && DeliveryRules.Retryable(outcome.ResponseCode), outcome.ResponseCode, Elapsed(clock), outcome.Error);
    }

    private static int Elapsed(Stopwatch clock) => (int)Math.Min(int.MaxValue, clock.ElapsedMilliseconds);

    private static string Cut(string text) => text.Length <= 1000 ? text : text[..999] + "…";
}
