using System.Diagnostics.Metrics;
using DqPlatform.GraphQL.Execution;
using DqPlatform.GraphQL.Telemetry;

namespace DqPlatform.GraphQL.Tests.Telemetry;

/// <summary>The gate's queue as its metric reports it: only queries that wait are counted, and only while they wait.</summary>
[Collection(ExecutionGateCollection.Name)]
public sealed class GraphQLInstrumentsTests
{
    [Fact]
    public async Task QueuedGauge_CountsAQueryWhileItWaits()
    {
        using var gate = new ExecutionGate(new ExecutionGateOptions { MaxConcurrent = 1, QueueLimit = 1 });
        // The gauge is process-wide: compare against its value before.
        var before = Queued();

        var first = await gate.EnterAsync(CancellationToken.None);
        Assert.Equal(before, Queued());
        var waiting = gate.EnterAsync(CancellationToken.None).AsTask();
        Assert.Equal(before + 1, Queued());

        first!.Dispose();
        using var second = await waiting;
        Assert.Equal(before, Queued());
    }

    private static long Queued()
    {
        long value = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GraphQLInstruments.Name && instrument.Name == "dqp.graphql.execution.queued")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = measurement);
        GraphQLInstruments.AddQueued(0);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}

/// <summary>Classes whose gates queue queries: the queue gauge is process-wide, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ExecutionGateCollection
{
    public const string Name = "Execution gate";
}
