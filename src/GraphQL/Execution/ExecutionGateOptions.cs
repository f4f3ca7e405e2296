namespace DqPlatform.GraphQL.Execution;

/// <summary>
/// The <see cref="ExecutionGate"/>'s settings, bound by the host: queries executing at once (default four per processor; 0 turns
/// the gate off) and how many may wait for a turn.
/// </summary>
public sealed class ExecutionGateOptions
{
    public int? MaxConcurrent { get; set; }

    public int QueueLimit { get; set; } = 1000;
}
