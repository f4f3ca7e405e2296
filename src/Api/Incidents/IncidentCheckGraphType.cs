using DqPlatform.Api.Checks;
using DqPlatform.Domain.Incidents;
using GraphQL.Types;

namespace DqPlatform.Api.Incidents;

public sealed class IncidentCheckGraphType : ObjectGraphType<IncidentCheck>
{
    public IncidentCheckGraphType()
    {
        Name = "IncidentCheck";
        Description = "A check whose failures counted on an incident.";
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check").ResolveAsync(async c => await c.RequestServices!
            .GetRequiredService<CheckLoaders>().Check(c.Source.CheckId).GetResultAsync(c.CancellationToken));
        Field(m => m.FailureCount).Description("Its failures counted on the incident.");
        Field(m => m.LastSeen);
    }
}
