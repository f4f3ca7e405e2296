namespace DqPlatform.Domain.Common;

/// <summary>Time source, injected so rules that depend on "now" (expiry, schedules, incidents) are testable.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}
