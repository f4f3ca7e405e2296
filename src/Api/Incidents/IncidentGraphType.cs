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
        Description = "Failures grouped together (per check, table, or connection and category, as the workspace's incident settings say); at most one is open or acknowledged per group.";
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
        Field(i => i.Grouping).Description("How the workspace grouped failures when this incident opened.");
        Field(i => i.GroupKey, nullable: true).Description("The group it collects (table or connection and category); null for a check's own incident.");
        IncidentManagementFields.Register(this);
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check").Description("The check whose failure opened it.")
            .ResolvePreloaded(i => i.Check ?? SourceValueFields.NotLoaded, c => c.Service<CheckLoaders>().Check(c.Source.CheckId))
            .Reads(nameof(Incident.CheckId));
    }
}
