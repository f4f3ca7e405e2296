using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Queries;

/// <summary>Running and cancelling queries (see <see cref="QueryRunCommands"/>).</summary>
public static class QueryRunMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RunQueryPayloadGraphType>>("runQuery")
            .Description("Runs SQL (or a saved query) on a connection, read-only. INTERACTIVE answers rows now; BATCH queues an export.")
            .Argument<NonNullGraphType<RunQueryInputType>>("input")
            .ResolveAsync(async c => await c.Service<QueryRunCommands>().RunAsync(AskOf(c.GetArgument<Dictionary<string, object?>>("input")), c.CancellationToken));

        mutation.Field<NonNullGraphType<QueryResultGraphType>>("cancelQuery")
            .Description("Cancels a queued or running query; a running statement is stopped on the source within about a second.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<QueryRunCommands>().CancelAsync(MutationSupport.IdOf(id, "QueryResult"), id, c.CancellationToken);
            });
    }

    // Ids decode when the use case asks, after the caller's scope was checked.
    private static QueryRunCommands.Ask AskOf(Dictionary<string, object?> input)
    {
        var arguments = input.TryGetValue("parameters", out var given) && given is IEnumerable<object> list
            ? list.Cast<Dictionary<string, object?>>().ToList() : [];
        var declared = arguments.Select(a => new QueryParameter(
            a.Value<string>("name")!, a.TryGetValue("type", out var t) && t is QueryParameterType type ? type : QueryParameterType.String)).ToList();
        var mode = input.Value<string>("mode") ?? QueryMode.Interactive;
        var format = input.Value<string>("format") ?? QueryOutputFormat.Json;
        return new QueryRunCommands.Ask(
            () => MutationSupport.IdOf(input.Value<string>("connectionId")!, "Connection", "connectionId"),
            input.Value<string>("sql"), input.Value<string>("savedQueryId"), saved => MutationSupport.IdOf(saved, "SavedQuery", "savedQueryId"),
            declared, () => Values(arguments), mode, format, input.Value<int?>("maxRows"), input.Value<int?>("timeoutSeconds"));
    }

    private static Dictionary<string, string?> Values(List<Dictionary<string, object?>> arguments)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var name = argument.Value<string>("name")!;
            if (!values.TryAdd(name, argument.Value<string>("value")))
            {
                throw new ValidationException($"Parameter '{name}' is given twice.", "parameters");
            }
        }

        return values;
    }
}
