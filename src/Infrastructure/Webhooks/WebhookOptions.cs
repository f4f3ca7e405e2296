namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>Settings under <c>Dqp:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Host names or IP addresses allowed even though they are loopback or private (e.g. an internal receiver).</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Consecutive failed deliveries after which the webhook disables itself.</summary>
    public int MaxConsecutiveFailures { get; set; } = 10;

    /// <summary>
    /// Waits before the 2nd, 3rd… attempt of one delivery; its length is the number of retries. Null means
    /// <see cref="DefaultRetryDelays"/> (a default array here would be appended to, not replaced, by configuration).
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    public static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    public TimeSpan[] Backoff => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
