namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// A share of a node's sockets and operations that several sockets draw from, as the host defines it (an API key, a
/// workspace): <see cref="SocketAdmission"/> counts what each partition holds and refuses past its limits.
/// </summary>
/// <param name="Id">Opaque and unique across kinds (for example <c>"workspace:…"</c>); never shown to clients.</param>
/// <param name="Kind">What the partition is, named in refusals (<c>"key"</c>, <c>"workspace"</c>).</param>
/// <param name="MaxSockets">Sockets the partition may hold open on this node; 0 for no limit.</param>
/// <param name="MaxOperations">Operations (subscriptions, and queries while they run) across its sockets; 0 for no limit.</param>
public sealed record SocketPartition(string Id, string Kind, int MaxSockets, int MaxOperations);
