using DqPlatform.Api.Checks;
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
        Field(i => i.AcknowledgedBy, nullable: true);
        Field(i => i.ResolutionNotes, nullable: true);
        Field(i => i.CreatedAt);
        Field(i => i.UpdatedAt);
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check")
            .ResolvePreloaded(i => i.Check ?? SourceValueFields.NotLoaded, c => c.Service<CheckLoaders>().Check(c.Source.CheckId))
            .Reads(nameof(Incident.CheckId));
    }
}
