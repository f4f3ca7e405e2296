using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.Api.Schema;

/// <summary>
/// Queries take turns at the <see cref="ExecutionGate"/> by workspace: one workspace's flood of dashboards holds at most
/// its share of the node's turns, and another workspace's query is served next. Requests without a key (introspection,
/// <c>__typename</c>) share one partition, capped like a workspace.
/// </summary>
public sealed class WorkspaceExecutionPartition : IExecutionPartition
{
    private const string Anonymous = "anonymous";

    public string? PartitionOf(ExecutionContext context) =>
        context.RequestServices?.GetService<RequestCaller>()?.Current is { } caller ? caller.WorkspaceId.ToString("N") : Anonymous;
}
