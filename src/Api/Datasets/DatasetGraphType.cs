using DqPlatform.Api.Connections;
using DqPlatform.Domain.People;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Api.Schema;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Datasets;

/// <summary>A connection's table registered as a dataset; its id is the <c>datasetId</c> the query audit records.</summary>
public sealed class DatasetGraphType : NodeGraphType<Dataset>
{
    public DatasetGraphType() : base(d => d.Id)
    {
        Description = "A table of a connection registered as a dataset, with the roles that may read it through the query service.";
        Field(d => d.Name);
        Field<NonNullGraphType<StringGraphType>>("schema").Resolve(c => c.Source.SchemaName).Reads(nameof(Dataset.SchemaName));
        Field<NonNullGraphType<StringGraphType>>("table").Resolve(c => c.Source.TableName).Reads(nameof(Dataset.TableName));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("readRoles")
            .Description("Role slugs (built-in or the organization's own) that may read it; empty: every role that may run queries. Holders of org:admin (Owner) always may.")
            .Resolve(c => c.Source.ReadRoles).Reads(nameof(Dataset.ReadRoles));
        Field<NonNullGraphType<ConnectionGraphType>>("connection")
            .Resolve(c => c.Service<ConnectionLoaders>().ById(c.Source.ConnectionId)).Reads(nameof(Dataset.ConnectionId));
        Field(d => d.CreatedAt);
        Field(d => d.UpdatedAt);
    }
}
