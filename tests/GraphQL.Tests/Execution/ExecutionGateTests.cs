using DqPlatform.GraphQL.Execution;

namespace DqPlatform.GraphQL.Tests.Execution;

/// <summary>The gate alone: permits first, then a line of limited length, oldest first; off when told so.</summary>
[Collection(Telemetry.ExecutionGateCollection.Name)]
public sealed class ExecutionGateTests
{
    [Fact]
    public async Task Enter_WithOnePermitAndLineOfOne_AdmitsOneQueuesOneRefusesNext()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 1, QueueLimit = 1 });

        var first = await gate.EnterAsync(CancellationToken.None);
        var waiting = gate.EnterAsync(CancellationToken.None).AsTask();
        var refused = await gate.EnterAsync(CancellationToken.None);

        Assert.True(first!.IsAcquired);
        Assert.False(waiting.IsCompleted);
        Assert.False(refused!.IsAcquired);
        Assert.Equal((0, 1L), (gate.Statistics!.CurrentAvailablePermits, gate.Statistics.CurrentQueuedCount));

        first.Dispose();
        using var second = await waiting;
        Assert.True(second!.IsAcquired);
    }

    [Fact]
    public async Task ZeroPermits_TurnsTheGateOff()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 0 });

        Assert.Null(await gate.EnterAsync(CancellationToken.None));
        Assert.Null(gate.Statistics);
    }

    [Fact]
    public void ExecutionGate_ByDefault_AllowsFourPerProcessor()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions());
        Assert.Equal(4 * Environment.ProcessorCount, gate.Statistics!.CurrentAvailablePermits);
    }
}
