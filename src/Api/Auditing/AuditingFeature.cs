using DqPlatform.Api.Schema;
using DqPlatform.Domain.Auditing;
using DqPlatform.GraphQL.Lists;

namespace DqPlatform.Api.Auditing;

/// <summary>The workspace's audit log: its list (entries are not nodes that <c>node(id:)</c> finds).</summary>
public static class AuditingFeature
{
    public static IServiceCollection AddAuditingFeature(this IServiceCollection services) => services.AddSingleton(AuditLists.AuditLog);

    public static void Register(QueryType query) =>
        query.ListField<object?, AuditLogEntryGraphType, AuditLogEntry>("auditLog", c => c.Data().AuditLog);
}
