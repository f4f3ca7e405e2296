using System.Net;

namespace DqPlatform.Domain.Connections;

/// <summary>
/// Which addresses the platform may open a connection to on a tenant's behalf (a source database, a webhook
/// receiver). In order: configured denials, configured allowances, then the built-in rules — link-local, metadata,
/// unspecified and multicast addresses never; loopback and private ranges as configured; public addresses always.
/// The address judged is the one connected to (see <see cref="NetworkAddresses.Canonical"/>).
/// </summary>
public sealed class NetworkPolicy
{
    public bool AllowLoopback { get; init; }

    public bool AllowPrivate { get; init; } = true;

    public IReadOnlyList<IPNetwork> Allowed { get; init; } = [];

    public IReadOnlyList<IPNetwork> Denied { get; init; } = [];

    /// <summary>Null when the address may be reached; otherwise why not, in words fit for the tenant.</summary>
    public string? Refusal(IPAddress address)
    {
        if (NetworkAddresses.In(address, Denied))
        {
            return "is in a range this server's network policy denies";
        }

        if (NetworkAddresses.In(address, Allowed))
        {
            return null;
        }

        if (NetworkAddresses.IsNeverATarget(address))
        {
            return "is a link-local, metadata, unspecified or multicast address";
        }

        if (NetworkAddresses.IsLoopback(address))
        {
            return AllowLoopback ? null : "is a loopback address, which this server's network policy does not allow";
        }

        if (NetworkAddresses.IsPrivate(address))
        {
            return AllowPrivate ? null : "is a private address, which this server's network policy does not allow";
        }

        return null;
    }

    /// <summary>Parses CIDR ranges ("10.0.0.0/8", "fd00::/8") or single addresses; throws naming the bad entry.</summary>
    public static IReadOnlyList<IPNetwork> Ranges(IEnumerable<string>? entries, string setting) =>
        (entries ?? []).Select(e => IPNetwork.TryParse(e.Contains('/', StringComparison.Ordinal) ? e : e + (e.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"), out var n)
            ? n
            : throw new ArgumentException($"'{e}' in {setting} is not an address range such as 10.0.0.0/8.")).ToList();
}
