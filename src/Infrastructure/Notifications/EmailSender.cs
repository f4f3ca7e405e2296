using System.Net.Sockets;
using DqPlatform.Domain.Notifications;
using DqPlatform.Infrastructure.Webhooks;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DqPlatform.Infrastructure.Notifications;

/// <summary>
/// Sends a message over SMTP with MailKit: a text and an HTML part. The socket is opened to the address the SSRF guard
/// judged (as webhook deliveries are), then handed to MailKit for TLS, STARTTLS and authentication.
/// </summary>
public sealed class EmailSender(WebhookDestinations destinations)
{
    public async Task SendAsync(EmailSettings settings, NotificationMessage message, CancellationToken cancellationToken)
    {
        var address = await destinations.RequireAllowedHostAsync(settings.Host, cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, settings.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        using var client = new SmtpClient();
        var security = settings.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(socket, settings.Host, settings.Port, security, cancellationToken);
        if (settings.User is { } user)
        {
            await client.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(Compose(settings, message), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public static MimeMessage Compose(EmailSettings settings, NotificationMessage m)
    {
        var mail = new MimeMessage { Subject = m.Summary };
        mail.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        var facts = ChannelPayloads.Facts(m).ToList();
        var text = new System.Text.StringBuilder().AppendLine(m.Summary).AppendLine();
        var html = new System.Text.StringBuilder().Append("<h2>").Append(Html(m.Summary)).Append("</h2>");
        if (facts.Count > 0)
        {
            html.Append("<table>");
            foreach (var (name, value) in facts)
            {
                text.Append(name).Append(": ").AppendLine(value);
                html.Append("<tr><th align=\"left\">").Append(Html(name)).Append("</th><td>").Append(Html(value)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (m.IncidentUrl is { } url)
        {
            text.AppendLine().Append("Open the incident: ").AppendLine(url);
            html.Append("<p><a href=\"").Append(Html(url)).Append("\">Open the incident</a></p>");
        }

        mail.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return mail;
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
