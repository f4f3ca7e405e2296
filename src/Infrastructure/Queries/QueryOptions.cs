namespace DqPlatform.Infrastructure.Queries;

/// <summary>Settings under <c>Dqp:Queries</c>: the caps and timeouts of user SQL, and where exports go.</summary>
public sealed class QueryOptions
{
    /// <summary>The folder exports are written under (<c>{ResultsPath}/results/{org_id}/{query_id}/{attempt}/</c>); default: the temp folder.</summary>
    public string? ResultsPath { get; set; }

    public string ResultsRoot => Path.GetFullPath(ResultsPath ?? Path.Combine(Path.GetTempPath(), "dqp-exports"));

    /// <summary>Rows an interactive run answers when the caller names no cap, and the most it may ask for.</summary>
    public int InteractiveRows { get; set; } = 1_000;

    public int MaxInteractiveRows { get; set; } = 10_000;

    /// <summary>Size of an interactive answer after which it is cut (and flagged truncated).</summary>
    public long InteractiveBytes { get; set; } = 8L << 20;

    public TimeSpan InteractiveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxInteractiveTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan MaxBatchTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>An export past either cap fails with LIMIT_EXCEEDED and leaves no file.</summary>
    public long BatchRows { get; set; } = 100_000_000;

    public long BatchBytes { get; set; } = 20L << 30;

    /// <summary>How long finished exports are kept before the retention job deletes their files.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a running query tells the database it is alive and looks for a cancellation.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A running query silent for this long belonged to a process that died: its job may take it over, the sweep fails it.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}
