using System.Text.Json;
using DqPlatform.Domain.Common;

namespace DqPlatform.Infrastructure.Connectors;

/// <summary>
/// The decrypted config of a connection, read field by field. Connection strings are built from these with each
/// driver's builder, never by pasting text, so a config value cannot smuggle in extra connection-string options.
/// </summary>
public sealed record ConnectionSettings(
    string Host, int? Port, string Database, string User, string? Password, string? DefaultSchema, string? SslMode)
{
    public static ConnectionSettings Parse(string configJson)
    {
        using var document = JsonDocument.Parse(configJson);
        var root = document.RootElement;
        string? Text(params string[] names)
        {
            foreach (var name in names)
            {
                if (root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    return v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
                }
            }

            return null;
        }

        var host = Text("host", "server") ?? throw new ValidationException("The connection config needs 'host'.", "config.host");
        var database = Text("database", "dbname") ?? throw new ValidationException("The connection config needs 'database'.", "config.database");
        var user = Text("user", "username") ?? throw new ValidationException("The connection config needs 'user'.", "config.user");
        int? port = null;
        if (Text("port") is { } portText)
        {
            port = int.TryParse(portText, out var p) && p is > 0 and < 65536
                ? p
                : throw new ValidationException("'port' must be a number between 1 and 65535.", "config.port");
        }

        return new ConnectionSettings(host, port, database, user, Text("password"), Text("schema"), Text("sslMode", "sslmode"));
    }

    /// <summary>Driver messages may quote parts of the connection string; the password never leaves.</summary>
    public string Scrub(string message) =>
        string.IsNullOrEmpty(Password) ? message : message.Replace(Password, "[redacted]", StringComparison.Ordinal);

    public override string ToString() => $"{User}@{Host}:{Port}/{Database}";
}
