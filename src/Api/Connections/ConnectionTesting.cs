using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Connections;

/// <summary><c>testConnection</c>: reach the source now and record the outcome on the connection.</summary>
public static class ConnectionTesting
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ConnectionGraphType>>("testConnection")
            .Description("Connects to the source database and runs a trivial read; sets status, lastTestedAt and lastError.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<ConnectionCommands>().TestAsync(MutationSupport.IdOf(id, "Connection"), id, c.CancellationToken);
            });
    }
}

public sealed class SourceTableGraphType : ObjectGraphType<SourceTable>
{
    public SourceTableGraphType()
    {
        Name = "SourceTable";
        Description = "A table (or view) of the source database, from its information schema.";
        Field(t => t.Schema);
        Field(t => t.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceColumnGraphType>>>>("columns").Resolve(c => c.Source.Columns);
    }
}

public sealed class SourceColumnGraphType : ObjectGraphType<SourceColumn>
{
    public SourceColumnGraphType()
    {
        Name = "SourceColumn";
        Field(c => c.Name);
        Field(c => c.DataType);
        Field(c => c.IsNullable);
    }
}
