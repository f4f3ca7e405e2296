using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

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
                var data = MutationSupport.WritableData(c);
                var type = input.Value<ConnectionType>("type");
                var connection = new Connection
                {
                    WorkspaceId = data.WorkspaceId,
                    Name = input.RequiredName(),
                    Type = type,
                    ConfigEncrypted = await ProtectAsync(c, type, input["config"]),
                };
                data.Db.Connections.Add(connection);
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return connection;
            });

        mutation.Field<NonNullGraphType<ConnectionGraphType>>("updateConnection")
            .Argument<NonNullGraphType<UpdateConnectionInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(input.Value<string>("id")!, "Connection");
                var connection = await data.Connections.SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("Connection", input["id"]!);
                if (input.Has("name"))
                {
                    connection.Name = input.RequiredName();
                }

                if (input.Has("config"))
                {
                    connection.ConfigEncrypted = await ProtectAsync(c, connection.Type, input["config"]);
                    connection.Status = ConnectionStatus.Unknown;
                }

                connection.UpdatedAt = DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return connection;
            });

        MutationSupport.RegisterDelete(mutation, "deleteConnection", "Connection", d => d.Connections, "Deletes the connection with its checks, results, schedules, jobs and incidents.");
    }


    // Where the config points is judged before it is stored, and again at every connect (DNS answers change).
    private static async Task<byte[]> ProtectAsync(IResolveFieldContext c, ConnectionType type, object? config)
    {
        if (config is not IDictionary<string, object?> map)
        {
            throw new ValidationException("'config' must be a JSON object.", "config");
        }

        var json = JsonSerializer.Serialize(map);
        await c.Service<SourceConnectors>().CheckTargetAsync(type, json, c.CancellationToken);
        return c.Service<ConnectionConfigProtector>().Protect(json);
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
