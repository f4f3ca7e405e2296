using System.Globalization;
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
        var host = Text(root, "host", "server") ?? throw new ValidationException("The connection config needs 'host'.", "config.host");
        var database = Text(root, "database", "dbname") ?? throw new ValidationException("The connection config needs 'database'.", "config.database");
        var user = Text(root, "user", "username") ?? throw new ValidationException("The connection config needs 'user'.", "config.user");
        return new ConnectionSettings(host, PortOf(root), database, user, Text(root, "password"), Text(root, "schema"), Text(root, "sslMode", "sslmode"));
    }

    /// <summary>Where a config points, read leniently (a config being saved may still lack its user or database).</summary>
    public static (string? Host, int? Port, string? Database) TargetOf(string configJson)
    {
        using var document = JsonDocument.Parse(configJson);
        var root = document.RootElement;
        return (Text(root, "host", "server"), PortOf(root), Text(root, "database", "dbname"));
    }

    private static int? PortOf(JsonElement root) => Text(root, "port") is { } portText
        ? int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
            ? p
            : throw new ValidationException("'port' must be a number between 1 and 65535.", "config.port")
        : null;

    private static string? Text(JsonElement root, params string[] names)
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

    /// <summary>Driver messages may quote parts of the connection string; the password never leaves.</summary>
    public string Scrub(string message) =>
        string.IsNullOrEmpty(Password) ? message : message.Replace(Password, "[redacted]", StringComparison.Ordinal);

    public override string ToString() => $"{User}@{Host}:{Port}/{Database}";
}
