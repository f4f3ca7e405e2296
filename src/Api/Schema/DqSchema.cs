using DqPlatform.Api.Live;
using DqPlatform.GraphQL.Introspection;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Schema;

public sealed class DqSchema : global::GraphQL.Types.Schema
{
    public DqSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        this.RegisterTypeMapping<DateTimeOffset, DateTimeScalar>();
        this.RegisterTypeMapping<Guid, UuidScalar>();
        this.RegisterTypeMapping<decimal, DecimalScalar>();
        // Reached only through the Actor interface (and node), which lists no object types of its own.
        RegisterType(typeof(People.UserGraphType));
        // Every field of the October 2021 introspection, so each option of graphql-js' standard query answers. Before
        // the next line, which initializes the schema.
        SpecificationIntrospection.Enable(this);
        // Introspection reads the schema held in memory, not the database: pricing it with the data budget refused
        // the full introspection every IDE and code generator sends (2.2 million against 50,000).
        this.WithIntrospectionComplexityImpact(0);
    }

    protected override void OnBeforeInitializeType(IGraphType graphType) => SpecificationIntrospection.Complete(graphType);
}
