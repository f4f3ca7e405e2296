using DqPlatform.Api.Auth;
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
    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<IncidentChangedEventGraphType>>("incidentChanged")
            .Description("Incidents created, updated, acknowledged or resolved in the caller's workspace.")
            .Argument<IdGraphType>("checkId", "Only this check's incidents.")
            .Argument<EnumerationGraphType<CheckSeverity>>("minSeverity", "Only incidents at least this severe.")
            .ResolveStream(c =>
            {
                var workspace = Workspace(c);
                var checkId = OptionalId(c, "checkId", "CheckDefinition");
                var minimum = c.GetArgument<CheckSeverity?>("minSeverity");
                return new EventStream<IncidentChanged>(c.Service<IEventBus>(), e =>
                    e.WorkspaceId == workspace && (checkId is null || e.CheckId == checkId) && (minimum is null || e.Severity >= minimum));
            });
        Field<NonNullGraphType<CheckResultAddedEventGraphType>>("checkResultAdded")
            .Description("Results stored for the caller's workspace, or one check's.")
            .Argument<IdGraphType>("checkId")
            .ResolveStream(c =>
            {
                var workspace = Workspace(c);
                var checkId = OptionalId(c, "checkId", "CheckDefinition");
                return new EventStream<CheckResultAdded>(c.Service<IEventBus>(), e => e.WorkspaceId == workspace && (checkId is null || e.CheckId == checkId));
            });
        Field<NonNullGraphType<QueryStatusChangedEventGraphType>>("queryStatusChanged")
            .Description("Status changes of the workspace's query runs, or of one.")
            .Argument<IdGraphType>("queryResultId")
            .ResolveStream(c =>
            {
                var workspace = Workspace(c);
                var id = OptionalId(c, "queryResultId", "QueryResult");
                return new EventStream<QueryStatusChanged>(c.Service<IEventBus>(), e => e.WorkspaceId == workspace && (id is null || e.QueryResultId == id));
            });
    }

    private static Guid Workspace(IResolveFieldContext c) => c.Service<RequestCaller>().Require(ApiKeyScopes.Read).WorkspaceId;

    private static Guid? OptionalId(IResolveFieldContext c, string argument, string typeName) =>
        c.GetArgument<string?>(argument) is { } id ? MutationSupport.IdOf(id, typeName) : null;
}

public sealed class IncidentChangedEventGraphType : ObjectGraphType<IncidentChanged>
{
    public IncidentChangedEventGraphType()
    {
        Name = "IncidentChangedEvent";
        Field<NonNullGraphType<StringGraphType>>("change").Description("CREATED, UPDATED, ACKNOWLEDGED or RESOLVED.")
            .Resolve(c => c.Source.Change.ToString().ToUpperInvariant());
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
        Field<NonNullGraphType<IdGraphType>>("queryResultId").Resolve(c => GlobalId.Encode("QueryResult", c.Source.QueryResultId));
        Field(e => e.Status);
        Field(e => e.At);
    }
}
