using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using DqPlatform.Domain.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// The platform's own stores and listeners — its PostgreSQL databases, its Redis, its API ports and any configured
/// extra — by address and port, and the identity of its PostgreSQL clusters. A tenant's source may be none of them.
/// </summary>
public sealed class PlatformEndpoints
{
    private static readonly TimeSpan AddressLifetime = TimeSpan.FromMinutes(1);
    private readonly List<Endpoint> _endpoints = [];
    private readonly List<string> _platformConnectionStrings = [];
    private readonly ConcurrentDictionary<string, (DateTime At, IPAddress[] Addresses)> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private volatile HashSet<(string SystemId, string Database)>? _identities;
    private volatile Snapshot? _interfaces;

    public PlatformEndpoints(IConfiguration configuration, IOptions<SourceOptions> options)
    {
        foreach (var name in new[] { "Postgres", "Data" })
        {
            if (configuration.GetConnectionString(name) is { Length: > 0 } cs)
            {
                var b = new NpgsqlConnectionStringBuilder(cs);
                var databases = new HashSet<string>(StringComparer.Ordinal) { b.Database ?? b.Username ?? "postgres" };
                foreach (var host in (b.Host ?? "localhost").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var (h, port) = SplitPort(host, b.Port);
                    _endpoints.Add(new Endpoint("the platform's PostgreSQL", h, port, databases));
                }

                _platformConnectionStrings.Add(cs);
            }
        }

        if (configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            foreach (var part in redis.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => !p.Contains('=', StringComparison.Ordinal)))
            {
                var (h, port) = SplitPort(part, 6379);
                _endpoints.Add(new Endpoint("the platform's Redis", h, port, null));
            }
        }

        foreach (var extra in options.Value.ProtectedEndpoints)
        {
            var (h, port) = SplitPort(extra, 0);
            _endpoints.Add(new Endpoint("a platform endpoint", h, port, null));
        }
    }

    /// <summary>The API's own listening addresses (Kestrel's, known once the server has started).</summary>
    public void AddListeners(IEnumerable<string> urls)
    {
        lock (_endpoints)
        {
            foreach (var url in urls)
            {
                var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
                if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
                {
                    _endpoints.Add(new Endpoint("the platform's API", uri.Host.Trim('[', ']'), uri.Port, null));
                }
            }
        }
    }

    /// <summary>
    /// Which platform endpoint <paramref name="address"/>:<paramref name="port"/> is, if any. A PostgreSQL source on the
    /// platform's cluster is only refused for the platform's own databases: the cluster may also hold sources (the
    /// demo's, or a test's), which its roles and passwords guard.
    /// </summary>
    public async Task<string?> MatchAsync(IPAddress address, int port, string? postgresDatabase, CancellationToken cancellationToken)
    {
        Endpoint[] endpoints;
        lock (_endpoints)
        {
            endpoints = [.. _endpoints];
        }

        foreach (var endpoint in endpoints.Where(e => e.Port == port))
        {
            if (endpoint.Databases is { } databases && postgresDatabase is not null && !databases.Contains(postgresDatabase))
            {
                continue;
            }

            if (await SameMachineOrAddressAsync(endpoint.Host, address, cancellationToken))
            {
                return endpoint.Name;
            }
        }

        return null;
    }

    /// <summary>True when (system identifier, database) is one of the platform's own PostgreSQL databases.</summary>
    public async Task<bool> IsPlatformDatabaseAsync(string systemIdentifier, string database, CancellationToken cancellationToken)
    {
        var identities = _identities ?? await ReadIdentitiesAsync(cancellationToken);
        return identities.Contains((systemIdentifier, database));
    }

    private async Task<HashSet<(string, string)>> ReadIdentitiesAsync(CancellationToken cancellationToken)
    {
        var identities = new HashSet<(string, string)>();
        foreach (var cs in _platformConnectionStrings)
        {
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(PostgresIdentity.Query, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            identities.Add((reader.GetString(0), reader.GetString(1)));
        }

        _identities = identities;
        return identities;
    }

    private async Task<bool> SameMachineOrAddressAsync(string host, IPAddress address, CancellationToken cancellationToken)
    {
        var target = NetworkAddresses.Canonical(address);
        var addresses = await AddressesOfAsync(host, cancellationToken);
        if (addresses.Any(a => NetworkAddresses.Canonical(a).Equals(target)))
        {
            return true;
        }

        // A listener on this machine (loopback, a wildcard bind or one of its interfaces) is reached through any of them.
        return addresses.Any(IsThisMachine) && IsThisMachine(target);
    }

    private async Task<IPAddress[]> AddressesOfAsync(string host, CancellationToken cancellationToken)
    {
        if (host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback, IPAddress.IPv6Loopback]; // a Unix socket or localhost: this machine
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        if (_resolved.TryGetValue(host, out var cached) && DateTime.UtcNow - cached.At < AddressLifetime)
        {
            return cached.Addresses;
        }

        var resolved = await Dns.GetHostAddressesAsync(host, cancellationToken);
        _resolved[host] = (DateTime.UtcNow, resolved);
        return resolved;
    }

    private bool IsThisMachine(IPAddress address)
    {
        var canonical = NetworkAddresses.Canonical(address);
        return NetworkAddresses.IsLoopback(canonical) || canonical.Equals(IPAddress.Any) || canonical.Equals(IPAddress.IPv6Any)
            || InterfaceAddresses().Contains(canonical);
    }

    // The machine's own addresses, read at most once a minute: every source connection may ask.
    private HashSet<IPAddress> InterfaceAddresses()
    {
        if (_interfaces is { } known && DateTime.UtcNow - known.At < AddressLifetime)
        {
            return known.Addresses;
        }

        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => NetworkAddresses.Canonical(u.Address))
            .ToHashSet();
        _interfaces = new Snapshot(DateTime.UtcNow, addresses);
        return addresses;
    }

    private static (string Host, int Port) SplitPort(string hostAndPort, int defaultPort)
    {
        var text = hostAndPort.Trim();
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            var port = close + 2 < text.Length && text[close + 1] == ':' && int.TryParse(text[(close + 2)..], out var p) ? p : defaultPort;
            return (text[1..close], port);
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon && int.TryParse(text[(colon + 1)..], out var q)
            ? (text[..colon], q)
            : (text, defaultPort);
    }

    private sealed record Endpoint(string Name, string Host, int Port, HashSet<string>? Databases);

    private sealed record Snapshot(DateTime At, HashSet<IPAddress> Addresses);
}

/// <summary>How a PostgreSQL server says which cluster and database a session is on (any role may ask).</summary>
public static class PostgresIdentity
{
    public const string Query = "SELECT (SELECT system_identifier FROM pg_control_system())::text, current_database()";
}
