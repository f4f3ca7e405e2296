using DqPlatform.Api.Auth;
using DqPlatform.GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DqPlatform.Api.Schema;

/// <summary>
/// Queries take turns at the <see cref="ExecutionGate"/> by tenant: one tenant's flood of dashboards holds at most its
/// share of the node's turns, and another tenant's query is served next. The tenant is the organization, not the
/// workspace: an organization admin creates workspaces, and a share per workspace would let it multiply its own.
/// Requests without a key (introspection, <c>__typename</c>) share one partition, capped like a tenant.
/// </summary>
public sealed class TenantExecutionPartition : IExecutionPartition
{
    private const string Anonymous = "anonymous";

    public string? PartitionOf(ExecutionContext context) =>
        context.RequestServices?.GetService<RequestCaller>()?.Current is { } caller ? caller.OrganizationId.ToString("N") : Anonymous;
}
