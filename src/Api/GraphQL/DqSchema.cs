using DqPlatform.Api.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.GraphQL;

public sealed class DqSchema : Schema
{
    public DqSchema(IServiceProvider services, QueryType query, MutationType mutation, Live.SubscriptionType subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        this.RegisterTypeMapping<DateTimeOffset, DateTimeScalar>();
        this.RegisterTypeMapping<Guid, UuidScalar>();
    }
}
