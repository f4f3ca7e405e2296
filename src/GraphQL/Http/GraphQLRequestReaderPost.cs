using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;

namespace DqPlatform.GraphQL.Http;

/// <summary>POST bodies: one request, or a batch of them.</summary>
public static partial class GraphQLRequestReader
{
    /// <summary>
    /// A POST body: one request (an object), or a batch (an array of them, answered by an array in the same order).
    /// Any malformed entry refuses the whole batch, naming its index.
    /// </summary>
    public static async Task<(IReadOnlyList<GraphQLRequest>? Requests, bool IsBatch, string? Error)> ReadPostAsync(
        HttpRequest request, IGraphQLTextSerializer serializer)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, false, "The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var (single, error) = Read(root, serializer);
                return single is null ? (null, false, error) : ([single], false, null);
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return (null, false, "The request body must be a JSON object with a 'query', or an array of them (a batch).");
            }

            var batch = new List<GraphQLRequest>(root.GetArrayLength());
            foreach (var entry in root.EnumerateArray())
            {
                var (read, error) = entry.ValueKind == JsonValueKind.Object ? Read(entry, serializer) : (null, "must be a JSON object with a 'query'.");
                if (read is null)
                {
                    return (null, true, $"Batch entry {batch.Count}: {error}");
                }

                batch.Add(read);
            }

            return (batch, true, null);
        }
    }

    private static (GraphQLRequest?, string?) Read(JsonElement root, IGraphQLTextSerializer serializer) =>
        Build(Member(root, "query"), Member(root, "operationName"), Member(root, "variables"), Member(root, "extensions"), serializer);
}
