using DqPlatform.Api.Checks;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Queries;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Messaging;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Live;

/// <summary>
/// Live events over WebSocket (graphql-transport-ws). Every stream is confined to the subscriber's workspace when it
/// starts; the socket re-checks the key every few seconds and closes when it is revoked.
/// </summary>
public sealed class SubscriptionType : ObjectGraphType
{
    private const string AfterDescription =
        "Resume after this event cursor (the 'cursor' of the last event received): the events missed since are sent first, in order, then the rest live. Events are kept for 24 hours by default; an older cursor answers EVENT_CURSOR_EXPIRED.";

    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<IncidentChangedEventGraphType>>("incidentChanged")
            .Description("Incidents created, updated, acknowledged or resolved in the caller's workspace.")
            .Argument<IdGraphType>("checkId", "Only this check's incidents.")
            .Argument<EnumerationGraphType<CheckSeverity>>("minSeverity", "Only incidents at least this severe.")
            .Argument<StringGraphType>("after", AfterDescription)
            .ResolveStreamAsync(c =>
            {
                var checkId = OptionalId(c, "checkId", "CheckDefinition");
                var minimum = c.GetArgument<CheckSeverity?>("minSeverity");
                return EventStream<IncidentChanged>.ForAsync(c, workspace => e =>
                    e.WorkspaceId == workspace && (checkId is null || e.CheckId == checkId) && (minimum is null || e.Severity >= minimum));
            });
        Field<NonNullGraphType<CheckResultAddedEventGraphType>>("checkResultAdded")
            .Description("Results stored for the caller's workspace, or one check's.")
            .Argument<IdGraphType>("checkId")
            .Argument<StringGraphType>("after", AfterDescription)
            .ResolveStreamAsync(c =>
            {
                var checkId = OptionalId(c, "checkId", "CheckDefinition");
                return EventStream<CheckResultAdded>.ForAsync(c, workspace => e => e.WorkspaceId == workspace && (checkId is null || e.CheckId == checkId));
            });
        Field<NonNullGraphType<QueryStatusChangedEventGraphType>>("queryStatusChanged")
            .Description("Status changes of the workspace's query runs, or of one.")
            .Argument<IdGraphType>("queryResultId")
            .Argument<StringGraphType>("after", AfterDescription)
            .ResolveStreamAsync(c =>
            {
                var id = OptionalId(c, "queryResultId", "QueryResult");
                return EventStream<QueryStatusChanged>.ForAsync(c, workspace => e => e.WorkspaceId == workspace && (id is null || e.QueryResultId == id));
            });
    }

    private static Guid? OptionalId(IResolveFieldContext c, string argument, string typeName) =>
        c.GetArgument<string?>(argument) is { } id ? MutationSupport.IdOf(id, typeName, argument) : null;
}

public sealed class IncidentChangedEventGraphType : ObjectGraphType<IncidentChanged>
{
    public IncidentChangedEventGraphType()
    {
        Name = "IncidentChangedEvent";
        this.Cursor();
        Field<NonNullGraphType<EnumerationGraphType<IncidentChangeKind>>>("change").Description("What happened to the incident.")
            .Resolve(c => c.Source.Change);
        Field<IncidentGraphType>("incident").Description("The incident as this change left it (null for an event from before this field existed).")
            .Resolve(c => c.Source.Incident);
        Field<NonNullGraphType<IdGraphType>>("incidentId").Resolve(c => GlobalId.Encode("Incident", c.Source.IncidentId));
        Field<NonNullGraphType<IdGraphType>>("checkId").Resolve(c => GlobalId.Encode("CheckDefinition", c.Source.CheckId));
        Field(e => e.Status);
        Field(e => e.Severity);
        Field(e => e.FailureCount);
        Field(e => e.At);
    }
}

public sealed class CheckResultAddedEventGraphType : ObjectGraphType<CheckResultAdded>
{
    public CheckResultAddedEventGraphType()
    {
        Name = "CheckResultAddedEvent";
        this.Cursor();
        Field<CheckResultGraphType>("result").Description("The stored result.").Resolve(c => c.Source.Result);
        Field<NonNullGraphType<IdGraphType>>("checkId").Resolve(c => GlobalId.Encode("CheckDefinition", c.Source.CheckId));
        Field<NonNullGraphType<IdGraphType>>("jobId").Resolve(c => GlobalId.Encode("Job", c.Source.JobId));
        Field(e => e.Passed);
        Field(e => e.SensorValue, nullable: true);
        Field(e => e.Error, nullable: true);
        Field(e => e.At);
    }
}

public sealed class QueryStatusChangedEventGraphType : ObjectGraphType<QueryStatusChanged>
{
    public QueryStatusChangedEventGraphType()
    {
        Name = "QueryStatusChangedEvent";
        this.Cursor();
        Field<QueryResultGraphType>("queryResult").Description("The run as this change left it.").Resolve(c => c.Source.Run);
        Field<NonNullGraphType<IdGraphType>>("queryResultId").Resolve(c => GlobalId.Encode("QueryResult", c.Source.QueryResultId));
        Field<NonNullGraphType<QueryStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field(e => e.At);
    }
}

internal static class EventFields
{
    /// <summary>The event's place in its workspace's log: pass it as <c>after</c> to resume from here.</summary>
    public static void Cursor<T>(this ObjectGraphType<T> type) where T : DqEvent =>
        type.Field<NonNullGraphType<StringGraphType>>("cursor")
            .Description("This event's place in the workspace's event log: subscribe with after: <cursor> to resume after it.")
            .Resolve(c => EventCursor.Encode(c.Source.Position));
}
