using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Tenancy;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Incidents;

/// <summary>The on-call's two moves: acknowledge (someone is on it) and resolve (with notes).</summary>
public static class IncidentMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IncidentGraphType>>("acknowledgeIncident")
            .Description("Marks an open incident as being handled; new failures keep counting on it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<StringGraphType>("notes")
            .ResolveAsync(async c => await c.Service<IncidentCommands>().AcknowledgeAsync(
                IncidentId(c), c.GetArgument<string>("id"), c.GetArgument<string?>("notes"), c.CancellationToken));

        mutation.Field<NonNullGraphType<IncidentGraphType>>("resolveIncident")
            .Description("Closes an open or acknowledged incident; the next failure of its check opens a new one.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<StringGraphType>("notes")
            .ResolveAsync(async c => await c.Service<IncidentCommands>().ResolveAsync(
                IncidentId(c), c.GetArgument<string>("id"), c.GetArgument<string?>("notes"), c.CancellationToken));
    }

    private static Guid? IncidentId(IResolveFieldContext c) => MutationSupport.IdOf(c.GetArgument<string>("id"), "Incident");
}
