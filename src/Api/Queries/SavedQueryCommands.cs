using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Queries;

namespace DqPlatform.Api.Queries;

/// <summary>Saving, changing and deleting queries; only the owner changes or deletes one.</summary>
public sealed class SavedQueryCommands(SavedQueryStore queries, ICurrentCaller caller, IClock clock)
{
    public async Task<SavedQuery> CreateAsync(string? name, string? sql, string? visibility, List<QueryParameter>? parameters, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        var query = new SavedQuery { OrgId = who.OrganizationId, WorkspaceId = who.WorkspaceId, UserId = who.PrincipalId, Name = "", Query = "" };
        query.Update(name ?? "", sql, sqlGiven: true, visibility ?? QueryVisibility.Private, parameters ?? [], now: null);
        await queries.AddAsync(query, cancellationToken);
        return query;
    }

    public async Task<SavedQuery> UpdateAsync(
        Guid? id, string shownId, string? name, string? sql, bool sqlGiven, string? visibility, List<QueryParameter>? parameters, CancellationToken cancellationToken)
    {
        var query = await OwnedAsync(id, shownId, cancellationToken);
        query.Update(name, sql, sqlGiven, visibility, parameters, clock.UtcNow);
        await queries.SaveAsync(cancellationToken);
        return query;
    }

    public async Task DeleteAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var query = await OwnedAsync(id, shownId, cancellationToken);
        queries.Remove(query);
        await queries.SaveAsync(cancellationToken);
    }

    private async Task<SavedQuery> OwnedAsync(Guid? id, string shownId, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        var query = (id is { } known ? await queries.FindAsync(known, cancellationToken) : null) ?? throw new NotFoundException("SavedQuery", shownId);
        query.EnsureOwnedBy(who.PrincipalId);
        return query;
    }
}
