using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;

namespace DqPlatform.GraphQL.Http;

/// <summary>
/// Reads a GraphQL-over-HTTP request (POST JSON body or GET query string) and checks its shape: <c>query</c> a string
/// (or absent when <c>extensions.persistedQuery</c> names the document), <c>operationName</c> a string or null,
/// <c>variables</c> / <c>extensions</c> maps or null. A bad shape is a 400.
/// </summary>
public static partial class GraphQLRequestReader
{
    public static (GraphQLRequest? Request, string? Error) ReadGet(HttpRequest request, IGraphQLTextSerializer serializer)
    {
        var q = request.Query;
        JsonElement? AsString(string name) => q.TryGetValue(name, out var v) ? JsonSerializer.SerializeToElement(v.ToString()) : null;
        JsonElement? AsJson(string name)
        {
            if (!q.TryGetValue(name, out var v) || string.IsNullOrEmpty(v))
            {
                return null;
            }

            try
            {
                return JsonDocument.Parse(v.ToString()).RootElement.Clone();
            }
            catch (JsonException)
            {
                return JsonSerializer.SerializeToElement("invalid");
            }
        }

        return Build(AsString("query"), AsString("operationName"), AsJson("variables"), AsJson("extensions"), serializer);
    }

    private static (GraphQLRequest?, string?) Build(
        JsonElement? query, JsonElement? operationName, JsonElement? variables, JsonElement? extensions, IGraphQLTextSerializer serializer)
    {
        // Apollo's automatic persisted queries send a hash in extensions.persistedQuery and no text (see
        // PersistedDocuments); the endpoint resolves the document before anything needs it.
        var hashOnly = query is null or { ValueKind: JsonValueKind.Null } && PersistedQueryIn(extensions);
        if (query is not { ValueKind: JsonValueKind.String } && !hashOnly)
        {
            return (null, "The 'query' parameter must be a string.");
        }

        if (operationName is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) })
        {
            return (null, "The 'operationName' parameter must be a string or null.");
        }

        if (variables is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return (null, "The 'variables' parameter must be a map or null.");
        }

        if (extensions is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            return (null, "The 'extensions' parameter must be a map or null.");
        }

        return (new GraphQLRequest
        {
            Query = hashOnly ? null : query!.Value.GetString(),
            OperationName = operationName is { ValueKind: JsonValueKind.String } ? operationName.Value.GetString() : null,
            Variables = variables is { ValueKind: JsonValueKind.Object } ? serializer.Deserialize<Inputs>(variables.Value.GetRawText()) : null,
            Extensions = extensions is { ValueKind: JsonValueKind.Object } ? serializer.Deserialize<Inputs>(extensions.Value.GetRawText()) : null,
        }, null);
    }

    private static bool PersistedQueryIn(JsonElement? extensions) =>
        extensions is { ValueKind: JsonValueKind.Object } map && map.TryGetProperty("persistedQuery", out var value) && value.ValueKind != JsonValueKind.Null;

    private static JsonElement? Member(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value : null;

    /// <summary>The type of the operation the request would execute, or null when that is not known (yet).</summary>
    public static OperationType? OperationTypeOf(GraphQLRequest request)
    {
        if (request.Query is null)
        {
            return null;
        }

        try
        {
            var document = Parser.Parse(request.Query);
            var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            var operation = request.OperationName is null
                ? operations.Count == 1 ? operations[0] : null
                : operations.Find(o => o.Name?.StringValue == request.OperationName);
            return operation?.Operation;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return null;
        }
    }
}
