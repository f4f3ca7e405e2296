using DqPlatform.Api.Schema;
using DqPlatform.Domain.Tenancy.Quotas;
using DqPlatform.Infrastructure.Tenancy.Quotas;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Tenancy;

/// <summary>
/// <c>Workspace.quotas</c>: the caller's workspace against each of its quotas (<c>Dqp:Quotas</c>). Another workspace
/// of the organization, which an organization admin can list, answers null: its usage is its own.
/// </summary>
public static class WorkspaceQuotaFields
{
    public static void Register(WorkspaceGraphType workspace) =>
        workspace.Field<ListGraphType<NonNullGraphType<QuotaUsageGraphType>>>("quotas")
            .Description("Each quota of the caller's workspace with its use now; null for any other workspace.")
            .ResolveAsync(async c => c.Source.Id == c.Data().WorkspaceId
                ? await c.Service<WorkspaceQuotaReads>().UsageAsync(c.CancellationToken)
                : (IReadOnlyList<QuotaUsage>?)null);
}
