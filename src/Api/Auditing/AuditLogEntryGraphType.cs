
using DqPlatform.Domain.Auditing;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Scalars;
using GraphQL.Types;

namespace DqPlatform.Api.Auditing;

public sealed class AuditLogEntryGraphType : NodeGraphType<AuditLogEntry>
{
    public AuditLogEntryGraphType() : base(a => $"{a.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
    {
        Description = "One change to a workspace resource, with field diffs {field: {old, new}} (secrets redacted).";
        Field(a => a.EntityType);
        Field<NonNullGraphType<UuidScalar>>("entityId").Resolve(c => c.Source.EntityId);
        Field(a => a.Action);
        Field<UuidScalar>("apiKeyId").Resolve(c => c.Source.ApiKeyId);
        Field<JsonScalar>("changes").Resolve(c => c.Source.Changes);
        Field(a => a.CreatedAt);
    }
}

public static class AuditLists
{
    public static readonly ListSpec<AuditLogEntry> AuditLog = new ListSpec<AuditLogEntry>("AuditLogEntry", (AuditLogEntry a) => a.Id)
        .Field("entityType", a => a.EntityType)
        .Field("entityId", a => a.EntityId)
        .Field("action", a => a.Action)
        .Field("apiKeyId", a => a.ApiKeyId)
        .Field("createdAt", a => a.CreatedAt)
        .OrderByDefault(SortKey.Desc((AuditLogEntry a) => a.CreatedAt));
}
