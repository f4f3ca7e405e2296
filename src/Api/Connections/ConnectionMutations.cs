using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Connections;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Connections;

public static class ConnectionMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ConnectionGraphType>>("createConnection")
            .Argument<NonNullGraphType<CreateConnectionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<ConnectionCommands>().CreateAsync(
                    input.Value<string>("name"), input.Value<ConnectionType>("type"), input["config"], c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ConnectionGraphType>>("updateConnection")
            .Argument<NonNullGraphType<UpdateConnectionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<ConnectionCommands>().UpdateAsync(MutationSupport.IdOf(id, "Connection"), id,
                    input.Value<string>("name"), input.Has("name"), input.GetValueOrDefault("config"), input.Has("config"), c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteConnection", "Connection", d => d.Connections, "Deletes the connection with its checks, results, schedules, jobs and incidents.");
    }
}

public sealed class CreateConnectionInputType : InputObjectGraphType
{
    public CreateConnectionInputType()
    {
        Name = "CreateConnectionInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<EnumerationGraphType<ConnectionType>>>("type");
        Field<NonNullGraphType<JsonScalar>>("config").Description("Host, port, database, user, password… Stored encrypted; secrets are never returned.");
    }
}

public sealed class UpdateConnectionInputType : InputObjectGraphType
{
    public UpdateConnectionInputType()
    {
        Name = "UpdateConnectionInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<JsonScalar>("config");
    }
}
