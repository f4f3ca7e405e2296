using DqPlatform.Api.Checks;
using DqPlatform.Api.People;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Incidents;

/// <summary>Mute, assignee and contributing checks of an incident; the mute of a check.</summary>
public static class IncidentManagementFields
{
    public static void Register(ObjectGraphType<Incident> type)
    {
        type.Field<DateTimeScalar>("mutedUntil").Description("Until when its changes are not published; null when not muted now (see muteIncident).")
            .Resolve(c => ShownMute(c, c.Source.MutedUntil)).Reads(nameof(Incident.MutedUntil));
        type.Field<ActorInterface>("mutedBy").Description("Who muted it (null when not muted now, or muted by an actor since removed).")
            .Resolve(c => ShownMute(c, c.Source.MutedUntil) is null ? null : c.Service<ActorLoaders>().Actor(c.Source.MutedById))
            .Reads(nameof(Incident.MutedUntil), nameof(Incident.MutedById));
        type.Field<StringGraphType>("muteReason").Resolve(c => ShownMute(c, c.Source.MutedUntil) is null ? null : c.Source.MuteReason)
            .Reads(nameof(Incident.MutedUntil), nameof(Incident.MuteReason));
        type.Field<UserGraphType>("assignee").Description("The member it is assigned to (assignIncident); null when nobody is, or the user was removed.")
            .Resolve(c => c.Service<ActorLoaders>().Actor(c.Source.AssigneeId)).Reads(nameof(Incident.AssigneeId));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IncidentCheckGraphType>>>>("checks")
            .Description("The checks whose failures counted on it, with their counts (one for a check's own incident; a check counts here from its first failure after groupings were introduced).")
            .ResolveAsync(async c =>
            {
                var id = c.Source.Id;
                var counted = await c.Data().Db.IncidentChecks.AsNoTracking().Where(m => m.IncidentId == id).OrderBy(m => m.CheckId).ToListAsync(c.CancellationToken);
                return counted.Count > 0 ? counted : [new IncidentCheck { IncidentId = id, CheckId = c.Source.CheckId, FailureCount = c.Source.FailureCount, LastSeen = c.Source.LastSeen }];
            })
            .Reads(nameof(Incident.CheckId), nameof(Incident.FailureCount), nameof(Incident.LastSeen));
    }

    public static void RegisterCheckMute(ObjectGraphType<CheckDefinition> type)
    {
        type.Field<DateTimeScalar>("mutedUntil").Description("Until when changes its runs make to incidents are not published; null when not muted now (see muteCheck).")
            .Resolve(c => ShownMute(c, c.Source.MutedUntil)).Reads(nameof(CheckDefinition.MutedUntil));
        type.Field<ActorInterface>("mutedBy").Description("Who muted it (null when not muted now, or muted by an actor since removed).")
            .Resolve(c => ShownMute(c, c.Source.MutedUntil) is null ? null : c.Service<ActorLoaders>().Actor(c.Source.MutedById))
            .Reads(nameof(CheckDefinition.MutedUntil), nameof(CheckDefinition.MutedById));
        type.Field<StringGraphType>("muteReason").Resolve(c => ShownMute(c, c.Source.MutedUntil) is null ? null : c.Source.MuteReason)
            .Reads(nameof(CheckDefinition.MutedUntil), nameof(CheckDefinition.MuteReason));
    }

    // A mute that has passed is no mute: shown as none rather than as a time in the past.
    private static DateTimeOffset? ShownMute(IResolveFieldContext c, DateTimeOffset? until) =>
        Mutes.IsMuted(until, c.Service<IClock>().UtcNow) ? until : null;
}
