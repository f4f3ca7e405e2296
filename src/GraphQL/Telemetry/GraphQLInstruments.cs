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

    public static readonly UpDownCounter<long> QueuedQueries = Meter.CreateUpDownCounter<long>("dqp.graphql.execution.queued", "{query}", "Queries waiting at the execution gate.");

    public static readonly UpDownCounter<long> OpenSockets = Meter.CreateUpDownCounter<long>("dqp.graphql.websocket.connections", "{connection}", "Open graphql-transport-ws sockets.");

    public static readonly UpDownCounter<long> ActiveSubscriptions = Meter.CreateUpDownCounter<long>("dqp.graphql.subscriptions", "{subscription}", "Subscriptions sockets hold now.");
}
