using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Schema;
using DqPlatform.Api.Tenancy;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Incidents;

/// <summary>Mutes, assignment (<c>incidents:triage</c>) and the workspace's incident settings (<c>workspace:manage</c>).</summary>
public static class IncidentManagementMutations
{
    private const string MuteEffect =
        "Results are still stored and the incident still counts them, but no incident change is published (subscriptions, webhooks, channels) until then; " +
        "when the mute ends, the next change publishes the incident as it then stands.";

    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<IncidentGraphType>>("muteIncident")
            .Description($"Mutes an active incident until a time (in the future, at most {Mutes.MaxDuration.TotalDays:0} days ahead). {MuteEffect}")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<DateTimeScalar>>("until")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c => await c.Service<IncidentManagementCommands>().MuteAsync(
                Id(c, "Incident"), c.GetArgument<string>("id"), c.GetArgument<DateTimeOffset>("until"), c.GetArgument<string?>("reason"), c.CancellationToken));

        mutation.Field<NonNullGraphType<IncidentGraphType>>("unmuteIncident")
            .Description("Ends an incident's mute now; publishes nothing by itself (the next change does).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<IncidentManagementCommands>().UnmuteAsync(Id(c, "Incident"), c.GetArgument<string>("id"), c.CancellationToken));

        mutation.Field<NonNullGraphType<IncidentGraphType>>("assignIncident")
            .Description("Assigns an incident to a member who can reach the workspace (ASSIGNEE_NOT_MEMBER otherwise), or to nobody with userId null.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<IdGraphType>("userId")
            .ResolveAsync(async c =>
            {
                var user = c.GetArgument<string?>("userId");
                return await c.Service<IncidentManagementCommands>().AssignAsync(Id(c, "Incident"), c.GetArgument<string>("id"),
                    user is null ? null : TryUserId(user), user, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("muteCheck")
            .Description($"Mutes a check until a time (in the future, at most {Mutes.MaxDuration.TotalDays:0} days ahead): changes its runs make to incidents are not published. {MuteEffect}")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<DateTimeScalar>>("until")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c => await c.Service<IncidentManagementCommands>().MuteCheckAsync(
                Id(c, "CheckDefinition"), c.GetArgument<string>("id"), c.GetArgument<DateTimeOffset>("until"), c.GetArgument<string?>("reason"), c.CancellationToken));

        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("unmuteCheck")
            .Description("Ends a check's mute now; publishes nothing by itself (the next change does).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<IncidentManagementCommands>().UnmuteCheckAsync(Id(c, "CheckDefinition"), c.GetArgument<string>("id"), c.CancellationToken));

        mutation.Field<NonNullGraphType<WorkspaceGraphType>>("updateWorkspaceIncidentSettings")
            .Description("How the caller's workspace groups failures into incidents, and the severity below which no incident opens (workspace:manage). " +
                "Applies from the next run on; active incidents keep their group.")
            .Argument<EnumerationGraphType<IncidentGrouping>>("grouping")
            .Argument<EnumerationGraphType<CheckSeverity>>("minimumSeverity")
            .ResolveAsync(async c => await c.Service<IncidentSettingsCommands>().UpdateAsync(
                c.GetArgument<IncidentGrouping?>("grouping"), c.GetArgument<CheckSeverity?>("minimumSeverity"), c.CancellationToken));
    }

    private static Guid? Id(IResolveFieldContext c, string type) => MutationSupport.IdOf(c.GetArgument<string>("id"), type);

    // A user id that does not decode is no member either: the same answer as another organization's user.
    private static Guid? TryUserId(string id) => DqPlatform.GraphQL.Relay.GlobalId.TryDecode(id, out var type, out Guid user) && type == "User" ? user : null;
}
