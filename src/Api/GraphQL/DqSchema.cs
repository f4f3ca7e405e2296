using DqPlatform.Api.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL;

public sealed class DqSchema : Schema
{
    public DqSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
        this.RegisterTypeMapping<DateTimeOffset, DateTimeScalar>();
        this.RegisterTypeMapping<Guid, UuidScalar>();
    }
}
