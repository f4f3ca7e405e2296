using DqPlatform.Domain.Tenancy.Quotas;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

/// <summary>The quota rules of an organization's workspaces as configured now (a changed setting applies at once).</summary>
public sealed class WorkspaceQuotas(IOptionsMonitor<QuotaOptions> options)
{
    public WorkspaceQuota For(Guid organizationId) => new(options.CurrentValue.For(organizationId));
}
