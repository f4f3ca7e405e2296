using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Incidents;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Incidents;

/// <summary>
/// The on-call's two moves, as use cases: the incident decides whether it may move, the store saves it. Ids are the
/// decoded global ids (null for one that did not decode, which answers NOT_FOUND like another tenant's).
/// </summary>
public sealed class IncidentCommands(IncidentStore incidents, ICurrentCaller caller, CallerNames names, IClock clock, IEventBus bus)
{
    public Task<Incident> AcknowledgeAsync(Guid? id, string shownId, string? notes, CancellationToken cancellationToken) =>
        ChangeAsync(id, shownId, notes, (incident, by, text, now) => incident.Acknowledge(by.Actor.Id, by.Name, text, now), cancellationToken);

    public Task<Incident> ResolveAsync(Guid? id, string shownId, string? notes, CancellationToken cancellationToken) =>
        ChangeAsync(id, shownId, notes, (incident, by, text, now) => incident.Resolve(by.Name, text, now), cancellationToken);

    private async Task<Incident> ChangeAsync(
        Guid? id, string shownId, string? notes, Action<Incident, (ActorRef Actor, string Name), string?, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        // Operators triage (incidents:triage); write still grants it, for keys minted before the scope existed.
        var who = caller.Require(ApiKeyScopes.TriageIncidents);
        var text = IncidentRules.Notes(notes);
        var incident = (id is { } known ? await incidents.FindAsync(known, cancellationToken) : null)
            ?? throw new NotFoundException("Incident", shownId);
        change(incident, (who.Actor, await names.DescribeAsync(who, cancellationToken)), text, clock.UtcNow);
        var kind = incident.Status == IncidentStatus.Resolved ? IncidentChangeKind.Resolved : IncidentChangeKind.Acknowledged;
        if (await incidents.SaveAsync(incident, kind, cancellationToken) is { } changed)
        {
            await bus.PublishAsync(changed, cancellationToken);
        }

        return incident;
    }
}
