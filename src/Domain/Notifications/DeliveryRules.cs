using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;

namespace DqPlatform.Domain.Notifications;

/// <summary>When a failed attempt is tried again, and when a channel counts as unhealthy.</summary>
public static class DeliveryRules
{
    /// <summary>Consecutive failed attempts after which a channel is shown unhealthy (configurable); the next success clears it.</summary>
    public const int UnhealthyAfter = 3;

    /// <summary>
    /// A claimed attempt still queued this long after its claim was interrupted (its node died): well past an attempt's
    /// timeout, so a slow but live attempt is never taken over and sent twice.
    /// </summary>
    public static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(2);

    /// <summary>The logged error of an attempt that threw: the exception's type only, since its message may hold a URL or secret.</summary>
    public static string UnexpectedError(string exceptionType) => $"The attempt failed unexpectedly ({exceptionType}).";

    /// <summary>The logged error of an attempt whose node stopped before recording its outcome.</summary>
    public const string InterruptedError = "The attempt was interrupted before its outcome was recorded.";

    /// <summary>SMTP's codes run the other way: 4xx is transient (try again), 5xx permanent; no answer is retried.</summary>
    public static bool SmtpRetryable(int? replyCode) => replyCode is null or (>= 400 and < 500);

    /// <summary>
    /// Worth retrying: no answer, a timeout, a server error, 408 or 429. Any other 4xx means the channel's settings are
    /// wrong (a revoked Slack hook answers 404 or 410, a bad routing key 400): retrying will not help.
    /// </summary>
    public static bool Retryable(int? statusCode) => statusCode is null or >= 500 or 408 or 429;

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: <paramref name="first"/> doubled per attempt, capped at
    /// <paramref name="max"/>; null when <paramref name="attempt"/> was the last of <paramref name="maxAttempts"/>.
    /// </summary>
    public static TimeSpan? Backoff(int attempt, int maxAttempts, TimeSpan first, TimeSpan max) =>
        attempt >= maxAttempts ? null : TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(attempt - 1, 30))));

    /// <summary>The webhook name of an incident change (<c>incident.created</c> …), as the delivery log records it.</summary>
    public static string EventName(IncidentChangeKind change) => "incident." + change.ToString().ToLowerInvariant();

    public const string TestEvent = "test";

    /// <summary>The least time between two test sends of one channel: a test is a real message (a PagerDuty one pages), not a loop to hammer.</summary>
    public static readonly TimeSpan TestCooldown = TimeSpan.FromSeconds(10);

    /// <summary>
    /// PagerDuty Events API v2: a new incident triggers, and so does a further failure (same dedup key: PagerDuty folds
    /// it into the open alert); acknowledged and resolved follow the incident.
    /// </summary>
    public static string PagerDutyAction(string eventName) => eventName switch
    {
        "incident.acknowledged" => "acknowledge",
        "incident.resolved" => "resolve",
        _ => "trigger",
    };

    public static string PagerDutySeverity(CheckSeverity? severity) => severity switch
    {
        CheckSeverity.Fatal => "critical",
        CheckSeverity.Error => "error",
        CheckSeverity.Warning => "warning",
        _ => "info",
    };
}
