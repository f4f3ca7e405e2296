using System.Text.Json;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connections;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace DqPlatform.Api.Connections;

/// <summary>Registering, changing and testing source connections.</summary>
public sealed class ConnectionCommands(
    ConnectionStore connections,
    SourceConnectors connectors,
    SourceSchemas schemas,
    ConnectionConfigProtector protector,
    IOptions<CheckEngineOptions> engine,
    ICurrentCaller caller,
    IClock clock)
{
    public async Task<Connection> CreateAsync(string? name, ConnectionType type, object? config, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var validName = Names.Require(name);
        var connection = Connection.Define(connections.WorkspaceId, validName, type, await SealAsync(type, config, cancellationToken));
        await connections.AddAsync(connection, cancellationToken);
        return connection;
    }

    /// <param name="name">Null keeps the name.</param>
    /// <param name="configGiven">Whether <paramref name="config"/> replaces the config (null then is refused).</param>
    public async Task<Connection> UpdateAsync(
        Guid? id, string shownId, string? name, bool nameGiven, object? config, bool configGiven, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var connection = (id is { } known ? await connections.FindAsync(known, cancellationToken) : null)
            ?? throw new NotFoundException("Connection", shownId);
        var validName = nameGiven ? Names.Require(name) : null;
        var sealedConfig = configGiven ? await SealAsync(connection.Type, config, cancellationToken) : null;
        connection.Update(validName, sealedConfig, clock.UtcNow);
        await connections.SaveAsync(cancellationToken);
        return connection;
    }

    /// <summary>Connects to the source now and records the outcome on the connection.</summary>
    public async Task<Connection> TestAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var connection = (id is { } known ? await connections.FindReadOnlyAsync(known, cancellationToken) : null)
            ?? throw new NotFoundException("Connection", shownId);
        // A type without a driver is the client's mistake (UNSUPPORTED_CONNECTOR), not a test outcome.
        var connector = connectors.For(connection.Type);
        DomainException? failure = null;
        try
        {
            await connector.TestAsync(schemas.SettingsOf(connection), engine.Value.ConnectionTestTimeout, cancellationToken);
        }
        catch (DomainException e)
        {
            failure = e;
        }

        await connections.RecordTestAsync(connection.Id, Connection.StatusAfterTest(failure), clock.UtcNow, failure?.Message, cancellationToken);
        return (await connections.FindReadOnlyAsync(connection.Id, cancellationToken))!;
    }

    // Where the config points is judged before it is stored, and again at every connect (DNS answers change).
    private async Task<byte[]> SealAsync(ConnectionType type, object? config, CancellationToken cancellationToken)
    {
        if (config is not IDictionary<string, object?> map)
        {
            throw new ValidationException("'config' must be a JSON object.", "config");
        }

        var json = JsonSerializer.Serialize(map);
        await connectors.CheckTargetAsync(type, json, cancellationToken);
        return protector.Protect(json);
    }
}
