using System.Text.Json;
using DqPlatform.GraphQL.Documents;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// A session's <c>subscribe</c>: the operation executes in a DI scope of its own as the socket's caller; a stream joins
/// its subscription group, anything else answers once and completes.
/// </summary>
public sealed partial class GraphQLWebSocketSession
{
    private async Task SubscribeAsync(string id, JsonElement payload, CancellationToken cancellationToken)
    {
        // Messages are handled one at a time: no other subscribe adds an operation between these checks and the add below.
        if (_operations.ContainsKey(id))
        {
            await CloseAsync(4409, $"Subscriber for {id} already exists");
            return;
        }

        if (await AdmitOperationAsync(id) is not { } admitted)
        {
            return;
        }

        var operation = new SessionOperation(id, services.CreateAsyncScope());
        operation.Add(admitted);
        _operations[id] = operation;

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            request = null;
        }

        if (request is null || request.Query is null && (documents is null || !PersistedDocuments.IsRequested(request.Extensions)))
        {
            _operations.TryRemove(id, out _);
            operation.Dispose();
            await CloseAsync(4400, "Invalid message received");
            return;
        }

        // The trusted documents mode holds here too, and a document may be named by its hash as over HTTP.
        var document = documents is null ? PersistedDocument.Of(request.Query!) : await documents.ResolveAsync(request.Query, request.Extensions, cancellationToken);
        if (document.Error is { } refused)
        {
            _operations.TryRemove(id, out _);
            operation.Dispose();
            await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{serializer.Serialize(new ExecutionErrors { refused })}}}""");
            return;
        }

        var scope = operation.Scope.ServiceProvider;
        _caller!.Enter(scope);
        // A socket executes only for the caller its connection_init authenticated.
        var userContext = new Dictionary<string, object?> { [Telemetry.OperationTelemetry.CallerKey] = true };
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            UserContext = userContext,
            Query = document.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = scope,
            CancellationToken = cancellationToken,
        });

        if (result.Executed && documents is not null)
        {
            await documents.RegisterAsync(document, cancellationToken);
        }

        // Validation allows one root field per subscription operation, so there is one stream.
        if (result.Streams is { Count: 1 } streams)
        {
            // A stream of its own has an audience of one.
            var audience = SubscriptionSharing.IsOwn(userContext) ? new object() : _caller.Audience;
            var key = new GroupKey(audience, document.Query!, request.OperationName,
                payload.TryGetProperty("variables", out var variables) ? variables.GetRawText() : "null");
            operation.Add(groups.Join(key, streams.Values.Single(), operation.HandOverScope(), new SessionMember(this, operation)));
            return;
        }

        _operations.TryRemove(id, out _);
        operation.Dispose();
        if (result.Data is null && result.Errors is { Count: > 0 })
        {
            var errors = serializer.Serialize(result.Errors);
            await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{errors}}}""");
            return;
        }

        await SendNextAsync(id, result);
        await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""");
    }

    // The socket's own limit first, then its caller's partitions (its workspace's operations across all its sockets).
    private async Task<IDisposable?> AdmitOperationAsync(string id)
    {
        var perSocket = options.MaxOperationsPerSocket;
        if (perSocket > 0 && _operations.Count >= perSocket)
        {
            Telemetry.GraphQLInstruments.Refused.Add(1, new KeyValuePair<string, object?>("limit", "operations_per_socket"));
            await SendAsync(SocketRefusals.OperationRefused(id, perSocket, "socket"));
            return null;
        }

        if (_caller!.SpendRequest() is { } spent)
        {
            Telemetry.GraphQLInstruments.Refused.Add(1, new KeyValuePair<string, object?>("limit", "request_rate"));
            await SendAsync(SocketRefusals.OperationRateLimited(id, spent));
            return null;
        }

        if (admission.TryStartOperation(_caller.Partitions, out var lease) is { } full)
        {
            Telemetry.GraphQLInstruments.Refused.Add(1, new KeyValuePair<string, object?>("limit", "operations_per_" + full.Kind));
            await SendAsync(SocketRefusals.OperationRefused(id, full.MaxOperations, full.Kind));
            return null;
        }

        return lease;
    }

    /// <summary>
    /// The server ended operation <paramref name="operation"/> (its stream completed or failed, after its last message
    /// was queued): it leaves the socket and gives back its share, unless the client completed it first.
    /// </summary>
    internal void Ended(SessionOperation operation)
    {
        if (_operations.TryRemove(new KeyValuePair<string, SessionOperation>(operation.Id, operation)))
        {
            operation.Dispose();
        }
    }
}
