using DqPlatform.Api.Auth;
using DqPlatform.Api.Checks;
using DqPlatform.Api.Schema;
using DqPlatform.Api.Tenancy;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Connections;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Connections;

public sealed class ConnectionGraphType : NodeGraphType<Connection>
{
    public ConnectionGraphType() : base(c => c.Id)
    {
        Description = "A registered source database.";
        Field(c => c.Name);
        Field(c => c.Type);
        Field(c => c.Status);
        Field(c => c.LastTestedAt, nullable: true);
        Field(c => c.LastError, nullable: true);
        Field(c => c.CreatedAt);
        Field(c => c.UpdatedAt);
        Field<NonNullGraphType<JsonScalar>>("config")
            .Description("The connection settings with every secret field redacted.")
            .Resolve(c => ConfigRedactor.Redact(c.Service<ConnectionConfigProtector>().Unprotect(c.Source.ConfigEncrypted)))
            .Reads(nameof(Domain.Connections.Connection.ConfigEncrypted));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceTableGraphType>>>>("tables")
            .Description("Tables and columns of the source database, cached for a few minutes; refresh: true reads them now.")
            .Argument<BooleanGraphType>("refresh", a => a.DefaultValue = false)
            .ResolveAsync(async c => (await c.Service<SourceSchemas>().GetAsync(c.Source, c.GetArgument<bool>("refresh"), c.CancellationToken)).Tables);
        Field<NonNullGraphType<WorkspaceGraphType>>("workspace")
            .Resolve(c => c.Service<TenancyLoaders>().Workspace(c.Source.WorkspaceId)).Reads(nameof(Domain.Connections.Connection.WorkspaceId));
        this.ListField<Connection, CheckDefinitionGraphType, CheckDefinition>("checks",
            c => c.Data().Checks.Where(k => k.ConnectionId == c.Source.Id));
    }
}
