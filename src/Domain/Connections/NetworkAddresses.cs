using System.Net;
using System.Net.Sockets;

namespace DqPlatform.Domain.Connections;

/// <summary>
/// What kind of place an address is, judged on the IPv4 address an IPv6 form may carry: a guard that looked only at
/// the literal would let <c>::127.0.0.1</c>, <c>::ffff:0:127.0.0.1</c>, <c>64:ff9b::7f00:1</c> or
/// <c>2002:7f00:1::</c> through to loopback.
/// </summary>
public static class NetworkAddresses
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("fc00::/7"),      // unique local
        IPNetwork.Parse("fec0::/10"),     // site local (deprecated, still routed by some stacks)
    ];

    /// <summary>Never a database or a receiver: link-local (cloud metadata lives there), unspecified, multicast, reserved.</summary>
    private static readonly IPNetwork[] NeverATarget =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("100.100.100.200/32"), // Alibaba Cloud metadata
        IPNetwork.Parse("::/128"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("fd00:ec2::254/128"),  // AWS metadata over IPv6
        IPNetwork.Parse("2001::/32"),          // Teredo: tunnels to an address it hides
        IPNetwork.Parse("64:ff9b:1::/48"),     // local-use NAT64 (RFC 8215)
    ];

    /// <summary>The IPv4 address an IPv6 form embeds (mapped, compatible, translated, NAT64, 6to4), else the address itself.</summary>
    public static IPAddress Canonical(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var b = address.GetAddressBytes();
        bool Zero(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (b[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        IPAddress V4(int at) => new([b[at], b[at + 1], b[at + 2], b[at + 3]]);

        if (Zero(0, 10) && b[10] == 0xff && b[11] == 0xff)
        {
            return V4(12); // ::ffff:a.b.c.d
        }

        if (Zero(0, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0)
        {
            return V4(12); // ::ffff:0:a.b.c.d (SIIT)
        }

        if (Zero(0, 12) && !(Zero(12, 15) && b[15] <= 1))
        {
            return V4(12); // ::a.b.c.d (IPv4-compatible); :: and ::1 stay as they are
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && Zero(4, 12))
        {
            return V4(12); // 64:ff9b::a.b.c.d (NAT64)
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return V4(2); // 2002:aabb:ccdd::/48 (6to4)
        }

        return address;
    }

    public static bool IsLoopback(IPAddress address) => In(Canonical(address), Loopback);

    public static bool IsPrivate(IPAddress address) => In(Canonical(address), Private);

    public static bool IsNeverATarget(IPAddress address) => In(Canonical(address), NeverATarget);

    public static bool In(IPAddress address, IEnumerable<IPNetwork> ranges)
    {
        var canonical = Canonical(address);
        foreach (var range in ranges)
        {
            if (range.BaseAddress.AddressFamily == canonical.AddressFamily && range.Contains(canonical))
            {
                return true;
            }
        }

        return false;
    }
}
