using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Webhooks;

/// <summary>
/// Keeps webhooks from reaching into the network the platform runs in (SSRF): a destination whose host resolves to a
/// loopback, private, link-local, metadata, multicast or unspecified address — in any IPv6 spelling that carries one
/// (see <see cref="NetworkAddresses.Canonical"/>) — is refused unless <see cref="WebhookOptions.AllowedHosts"/> names
/// the host. Judged when a webhook is saved, and again inside the HTTP client's connect (<see cref="ConnectAsync"/>),
/// which opens the socket to the address it judged: no second DNS answer can slip in between check and request.
/// </summary>
public sealed class WebhookDestinations(IOptions<WebhookOptions> options)
{
    private static readonly NetworkPolicy Policy = new() { AllowLoopback = false, AllowPrivate = false };

    /// <param name="unresolvedIsError">
    /// False when saving: a name that does not resolve yet is accepted (it is judged again at every delivery).
    /// </param>
    public async Task RequireAllowedAsync(string url, CancellationToken cancellationToken, bool unresolvedIsError = false)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ValidationException("'url' must be an absolute http or https URL.", "url");
        }

        try
        {
            await JudgeAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException) when (!unresolvedIsError)
        {
        }
        catch (SocketException)
        {
            throw new ValidationException($"The host '{uri.Host}' could not be resolved.", "url");
        }
    }

    /// <summary>
    /// For chat-tool webhooks (Slack, Teams), whose URL is a bearer token: https, and plain http only to a host
    /// <see cref="WebhookOptions.AllowedHosts"/> names (a local relay, tests). VALIDATION naming <c>url</c> otherwise.
    /// </summary>
    public void RequireHttpsUnlessAllowed(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            && !options.Value.AllowedHosts.Contains(uri.IdnHost.Trim('[', ']'), StringComparer.OrdinalIgnoreCase))
        {
            throw new ValidationException("'url' must be an https URL: plain http would send the webhook's token in cleartext (http is only for hosts in Dqp:Webhooks:AllowedHosts).", "url");
        }
    }

    /// <summary>The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to a judged address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        IPAddress address;
        try
        {
            address = await JudgeAsync(context.DnsEndPoint.Host, cancellationToken);
        }
        catch (ValidationException e)
        {
            throw new HttpRequestException(e.Message);
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The address to open a socket to for a non-HTTP destination (a notification channel's SMTP server), judged as
    /// webhook hosts are; VALIDATION when refused or unresolvable.
    /// </summary>
    public async Task<IPAddress> RequireAllowedHostAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await JudgeAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            throw new ValidationException($"The host '{host}' could not be resolved.", "host");
        }
    }

    // Resolves once; every address must pass, and the first is the one connected to.
    private async Task<IPAddress> JudgeAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(name, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!options.Value.AllowedHosts.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var address in addresses)
            {
                if (Policy.Refusal(address) is not null)
                {
                    throw new ValidationException($"'{host}' ({address}) is a loopback, private or link-local destination; webhooks may not call into internal networks.", "url");
                }
            }
        }

        return NetworkAddresses.Canonical(addresses[0]);
    }
}
