using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DqPlatform.GraphQL.Telemetry;

/// <summary>
/// The server's own traces and metrics: an activity per operation, and what a node is carrying (operations by outcome,
/// queries waiting at the execution gate, open sockets, subscriptions). Static, like the runtime's own sources: nothing
/// is recorded until a listener (the host's OpenTelemetry providers) subscribes by name.
/// </summary>
public static class GraphQLInstruments
{
    /// <summary>The name of both the activity source and the meter, for the host's <c>AddSource</c>/<c>AddMeter</c>.</summary>
    public const string Name = "DqPlatform.GraphQL";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Operations executed, by <c>graphql.operation.name</c>, <c>graphql.operation.type</c> and <c>outcome</c> (<c>ok</c> or the first error's code).</summary>
    public static readonly Counter<long> Operations = Meter.CreateCounter<long>("dqp.graphql.operations", "{operation}", "GraphQL operations executed, by operation and outcome.");

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("dqp.graphql.operation.duration", "s", "Time to execute a GraphQL operation (parse to result), by operation and outcome.");

    /// <summary>Sockets closed and operations refused at a live limit, by <c>limit</c> (for example <c>sockets_per_key</c>).</summary>
    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("dqp.graphql.websocket.refused", "{refusal}", "Sockets closed and operations refused at a live limit, by limit.");

    private static long queued;
    private static long sockets;
    private static long subscriptions;

    static GraphQLInstruments()
    {
        // Observed rather than counted, so each series is there (at 0) from the first collection on.
        Meter.CreateObservableUpDownCounter("dqp.graphql.execution.queued", () => Volatile.Read(ref queued), "{query}", "Queries waiting at the execution gate.");
        Meter.CreateObservableUpDownCounter("dqp.graphql.websocket.connections", () => Volatile.Read(ref sockets), "{connection}", "Open graphql-transport-ws sockets.");
        Meter.CreateObservableUpDownCounter("dqp.graphql.subscriptions", () => Volatile.Read(ref subscriptions), "{subscription}", "Subscriptions the sockets hold.");
    }

    public static void AddQueued(int delta) => Interlocked.Add(ref queued, delta);

    public static void AddOpenSockets(int delta) => Interlocked.Add(ref sockets, delta);

    public static void AddSubscriptions(int delta) => Interlocked.Add(ref subscriptions, delta);
}
