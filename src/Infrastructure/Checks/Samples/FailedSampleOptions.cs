namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>Settings under <c>Dqp:Checks:Samples</c>.</summary>
public sealed class FailedSampleOptions
{
    /// <summary>Samples older than this (by their result's time) are deleted by the <c>failed-samples-retention</c> job.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The most a sample's values may weigh (UTF-8); rows beyond it are left out and the sample marked truncated.</summary>
    public int MaxBytes { get; set; } = 64 * 1024;
}
