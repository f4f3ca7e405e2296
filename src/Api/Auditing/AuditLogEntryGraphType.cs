using DqPlatform.Api.People;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Auditing;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Lists.Sorting;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Auditing;

public sealed class AuditLogEntryGraphType : NodeGraphType<AuditLogEntry>
{
    public AuditLogEntryGraphType() : base(a => $"{a.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
    {
        Description = "One change to a workspace resource or to the organization's people, roles and workspaces, with field diffs {field: {old, new}} (secrets redacted).";
        Field(a => a.EntityType, type: typeof(NonNullGraphType<AuditEntityTypeGraphType>));
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The global id of the object changed (of the type entityType names).")
            .ResolveFromSource(a => GlobalId.Encode(AuditEntityTypeGraphType.NodeTypeOf(a.EntityType)!, a.EntityId))
            .Reads(nameof(AuditLogEntry.EntityType), nameof(AuditLogEntry.EntityId));
        Field(a => a.Action, type: typeof(NonNullGraphType<AuditActionGraphType>));
        Field<IdGraphType>("apiKeyId").Description("The global id of the API key that made the change.")
            .ResolveFromSource(a => a.ApiKeyId is { } key ? GlobalId.Encode("ApiKey", key) : null)
            .Reads(nameof(AuditLogEntry.ApiKeyId));
        Field<ActorInterface>("actor").Description("Who made the change: the user (also when they used a personal key), otherwise the key; null for changes made outside a request or by an actor since removed.")
            .Resolve(c => c.Service<ActorLoaders>().Actor(c.Source.UserId ?? c.Source.ApiKeyId))
            .Reads(nameof(AuditLogEntry.UserId), nameof(AuditLogEntry.ApiKeyId));
        Field<JsonScalar>("changes").Resolve(c => c.Source.Changes);
        Field(a => a.CreatedAt);
    }
}

public static class AuditLists
{
    public static readonly ListSpec<AuditLogEntry> AuditLog = new ListSpec<AuditLogEntry>("AuditLogEntry", (AuditLogEntry a) => a.Id)
        .Enum<AuditEntityTypeGraphType>("entityType", a => a.EntityType)
        .Reference("entityId", a => a.EntityId, AuditEntityTypeGraphType.AllNodeTypes)
        .Enum<AuditActionGraphType>("action", a => a.Action)
        .Reference("apiKeyId", a => a.ApiKeyId, "ApiKey")
        .Reference("actorId", a => a.UserId ?? a.ApiKeyId, "User", "ApiKey")
        .Field("createdAt", a => a.CreatedAt)
        .OrderByDefault(SortKey.Desc((AuditLogEntry a) => a.CreatedAt));
}
