using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// Where a source connection may go. The host is resolved once per attempt and every address it resolves to is
/// judged — by the network policy and against the platform's own endpoints — and the connection is then opened to
/// the address that was judged, so a DNS answer that changes between the check and the connect (rebinding) changes
/// nothing. Once connected, a PostgreSQL server is asked which cluster and database it is (see
/// <see cref="PlatformEndpoints.IsPlatformDatabaseAsync"/>), which no alias, tunnel or proxy can disguise.
/// </summary>
public sealed partial class SourceTargetGuard(PlatformEndpoints platform, IOptions<SourceOptions> options)
{
    private readonly NetworkPolicy _policy = options.Value.Policy();

    /// <summary>
    /// The address to connect to. <paramref name="unresolvedIsError"/> false (when a connection is saved) accepts a
    /// name that does not resolve yet: it is judged again at every connect.
    /// </summary>
    public async Task<IPAddress?> ResolveAsync(string host, int port, string? postgresDatabase, CancellationToken cancellationToken, bool unresolvedIsError = true)
    {
        var name = host.Trim();
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }

        // Drivers read more than a host name here: Npgsql a socket folder ("/tmp") or a host list, SQL Server
        // "np:" or "lpc:" prefixes and "host\instance". Only a name or an address is a network target.
        if (!IPAddress.TryParse(name, out var literal) && !HostName().IsMatch(name))
        {
            throw new ValidationException("'host' must be a host name or an IP address.", "config.host");
        }

        IPAddress[] addresses;
        try
        {
            addresses = literal is not null ? [literal] : await Dns.GetHostAddressesAsync(name, cancellationToken);
        }
        catch (SocketException) when (!unresolvedIsError)
        {
            return null;
        }
        catch (SocketException)
        {
            throw new SourceException($"The host '{name}' could not be resolved.");
        }

        if (addresses.Length == 0)
        {
            return unresolvedIsError ? throw new SourceException($"The host '{name}' could not be resolved.") : null;
        }

        foreach (var address in addresses)
        {
            if (_policy.Refusal(address) is { } why)
            {
                throw new TargetRefusedException($"The source host '{name}' ({address}) {why}.");
            }

            if (await platform.MatchAsync(address, port, postgresDatabase, cancellationToken) is { } endpoint)
            {
                throw new TargetRefusedException($"The source host '{name}' ({address}:{port}) is {endpoint}; a source may not be this platform's own store.");
            }
        }

        return NetworkAddresses.Canonical(addresses[0]);
    }

    /// <summary>Refuses a session that turned out, once connected, to be on one of the platform's own databases.</summary>
    public async Task RequireNotPlatformAsync(string systemIdentifier, string database, CancellationToken cancellationToken)
    {
        if (await platform.IsPlatformDatabaseAsync(systemIdentifier, database, cancellationToken))
        {
            throw new TargetRefusedException("This source is the platform's own database; a source may not be this platform's own store.");
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$")]
    private static partial Regex HostName();
}
