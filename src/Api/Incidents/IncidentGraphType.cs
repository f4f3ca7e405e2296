using DqPlatform.Api.Checks;
using DqPlatform.Api.People;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Incidents;

public sealed class IncidentGraphType : NodeGraphType<Incident>
{
    public IncidentGraphType() : base(i => i.Id)
    {
        Description = "Failures of one check grouped together; at most one is open or acknowledged per check.";
        Field(i => i.Status);
        Field(i => i.Severity);
        Field(i => i.FailureCount);
        Field(i => i.FirstSeen);
        Field(i => i.LastSeen);
        Field(i => i.ResolvedAt, nullable: true);
        Field<ActorInterface>("acknowledgedBy").Description("Who acknowledged it: a user or a key (null if not acknowledged, or acknowledged by an actor since removed).")
            .Resolve(c => c.Service<ActorLoaders>().Actor(c.Source.AcknowledgedById)).Reads(nameof(Incident.AcknowledgedById));
        Field("acknowledgedByName", i => i.AcknowledgedBy, nullable: true)
            .Description("The acknowledger's name as it was then (kept when the actor is gone; the only name of incidents acknowledged before actors).");
        Field(i => i.ResolutionNotes, nullable: true);
        Field(i => i.CreatedAt);
        Field(i => i.UpdatedAt);
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check")
            .ResolvePreloaded(i => i.Check ?? SourceValueFields.NotLoaded, c => c.Service<CheckLoaders>().Check(c.Source.CheckId))
            .Reads(nameof(Incident.CheckId));
    }
}
