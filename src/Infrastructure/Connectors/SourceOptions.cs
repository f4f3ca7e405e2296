using DqPlatform.Domain.Connections;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// <c>Dqp:Sources</c>: where source connections may go. Loopback is off by default (a source on the platform's own
/// machine is a development set-up; <c>scripts/run.sh</c> turns it on for its demo); private ranges are on, since
/// that is where most databases live.
/// </summary>
public sealed class SourceOptions
{
    public bool AllowLoopback { get; set; }

    public bool AllowPrivate { get; set; } = true;

    /// <summary>CIDR ranges always allowed (checked after <see cref="DeniedRanges"/>, before the built-in rules).</summary>
    public string[] AllowedRanges { get; set; } = [];

    public string[] DeniedRanges { get; set; } = [];

    /// <summary>More <c>host:port</c> endpoints that belong to the platform (a proxy in front of it, a replica).</summary>
    public string[] ProtectedEndpoints { get; set; } = [];

    public NetworkPolicy Policy() => new()
    {
        AllowLoopback = AllowLoopback,
        AllowPrivate = AllowPrivate,
        Allowed = NetworkPolicy.Ranges(AllowedRanges, "Dqp:Sources:AllowedRanges"),
        Denied = NetworkPolicy.Ranges(DeniedRanges, "Dqp:Sources:DeniedRanges"),
    };
}
