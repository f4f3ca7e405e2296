namespace DqPlatform.Infrastructure.Checks;

/// <summary>Settings under <c>Dqp:Checks</c>.</summary>
public sealed class CheckEngineOptions
{
    /// <summary>A sensor query still running after this is cancelled on the source and the run fails.</summary>
    public TimeSpan SensorTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectionTestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Consecutive passing runs that resolve an incident automatically; 0 turns that off.</summary>
    public int PassesToResolve { get; set; } = Domain.Incidents.IncidentRules.DefaultPassesToResolve;

    /// <summary>How long a schema read from a source stays good (for name checks and the graph).</summary>
    public TimeSpan SchemaCacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Schema readings kept per connection as history (schema drift compares with them); the oldest go first.</summary>
    public int SchemaHistoryKept { get; set; } = 100;

    /// <summary>How often a running check looks whether its job was cancelled.</summary>
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
