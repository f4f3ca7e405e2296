using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Incidents;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Incidents;

/// <summary>
/// Mutes (of an incident or a check, <see cref="Mutes"/>) and assignment, by whoever triages incidents
/// (<c>incidents:triage</c>). Ids are the decoded global ids (null for one that did not decode: NOT_FOUND).
/// </summary>
public sealed class IncidentManagementCommands(
    IncidentStore incidents, CheckStore checks, UserAccess access, ICurrentCaller caller, IClock clock, IEventBus bus)
{
    public Task<Incident> MuteAsync(Guid? id, string shownId, DateTimeOffset until, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, shownId, null, (incident, who, now) => incident.Mute(until, who.Actor.Id, reason, now), cancellationToken);

    // Publishes nothing of itself: the next change publishes the incident as it then stands (Mutes).
    public Task<Incident> UnmuteAsync(Guid? id, string shownId, CancellationToken cancellationToken) =>
        ChangeAsync(id, shownId, null, (incident, _, now) => incident.Unmute(now), cancellationToken);

    /// <summary>To a user who reaches the workspace (ASSIGNEE_NOT_MEMBER otherwise), or to nobody (null).</summary>
    public async Task<Incident> AssignAsync(Guid? id, string shownId, Guid? userId, string? shownUserId, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.TriageIncidents);
        var incident = await FindAsync(id, shownId, cancellationToken);
        if (shownUserId is not null && (userId is not { } user || await access.CallerAsync(user, who.WorkspaceId, cancellationToken) is null))
        {
            throw new AssigneeNotMemberException(shownUserId);
        }

        incident.Assign(userId, clock.UtcNow);
        return await SaveAsync(incident, IncidentChangeKind.Updated, cancellationToken);
    }

    public Task<CheckDefinition> MuteCheckAsync(Guid? id, string shownId, DateTimeOffset until, string? reason, CancellationToken cancellationToken) =>
        ChangeCheckAsync(id, shownId, (check, who, now) => check.Mute(until, who.Actor.Id, reason, now), cancellationToken);

    public Task<CheckDefinition> UnmuteCheckAsync(Guid? id, string shownId, CancellationToken cancellationToken) =>
        ChangeCheckAsync(id, shownId, (check, _, now) => check.Unmute(now), cancellationToken);

    private async Task<Incident> ChangeAsync(
        Guid? id, string shownId, IncidentChangeKind? kind, Action<Incident, Caller, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.TriageIncidents);
        var incident = await FindAsync(id, shownId, cancellationToken);
        change(incident, who, clock.UtcNow);
        return await SaveAsync(incident, kind, cancellationToken);
    }

    private async Task<Incident> FindAsync(Guid? id, string shownId, CancellationToken cancellationToken) =>
        (id is { } known ? await incidents.FindAsync(known, cancellationToken) : null) ?? throw new NotFoundException("Incident", shownId);

    private async Task<Incident> SaveAsync(Incident incident, IncidentChangeKind? kind, CancellationToken cancellationToken)
    {
        if (await incidents.SaveAsync(incident, kind, cancellationToken) is { } changed)
        {
            await bus.PublishAsync(changed, cancellationToken);
        }

        return incident;
    }

    private async Task<CheckDefinition> ChangeCheckAsync(
        Guid? id, string shownId, Action<CheckDefinition, Caller, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.TriageIncidents);
        var check = (id is { } known ? await checks.FindAsync(known, cancellationToken) : null)
            ?? throw new NotFoundException("CheckDefinition", shownId);
        change(check, who, clock.UtcNow);
        await checks.SaveAsync(cancellationToken);
        return check;
    }
}
