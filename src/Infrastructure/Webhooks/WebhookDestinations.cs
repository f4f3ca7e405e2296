using System.Net;
using System.Net.Sockets;
using DqPlatform.Domain.Common;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>
/// Keeps webhooks from reaching into the network the platform runs in (SSRF): a destination whose host resolves to a
/// loopback, private, link-local, unique-local, multicast or unspecified address is refused unless
/// <see cref="WebhookOptions.AllowedHosts"/> names it. Checked when a webhook is saved and again before every
/// delivery, since DNS answers change.
/// </summary>
public sealed class WebhookDestinations(IOptions<WebhookOptions> options)
{
    /// <param name="unresolvedIsError">
    /// False when saving: a name that does not resolve yet is accepted (it is checked again before every delivery).
    /// </param>
    public async Task RequireAllowedAsync(string url, CancellationToken cancellationToken, bool unresolvedIsError = false)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ValidationException("'url' must be an absolute http or https URL.", "url");
        }

        if (options.Value.AllowedHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException) when (!unresolvedIsError)
        {
            return;
        }
        catch (SocketException)
        {
            throw new ValidationException($"The host '{uri.Host}' could not be resolved.", "url");
        }

        if (addresses.Length == 0 || addresses.Any(IsInternal))
        {
            throw new ValidationException($"'{uri.Host}' is a loopback, private or link-local destination; webhooks may not call into internal networks.", "url");
        }
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
            169 => b[1] == 254,              // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] is 18 or 19,
            >= 224 => true,                  // multicast and reserved
            _ => false,
        };
    }
}
