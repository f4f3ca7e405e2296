using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "Connection");
                var connection = await data.Connections.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("Connection", c.GetArgument<string>("id"));
                var connector = c.Service<SourceConnectors>().For(connection.Type);
                var (status, error) = (ConnectionStatus.Healthy, (string?)null);
                try
                {
                    var settings = c.Service<SourceSchemas>().SettingsOf(connection);
                    await connector.TestAsync(settings, c.Service<IOptions<CheckEngineOptions>>().Value.ConnectionTestTimeout, c.CancellationToken);
                }
                catch (DomainException e)
                {
                    (status, error) = (e is ValidationException ? ConnectionStatus.Error : ConnectionStatus.Unhealthy, e.Message);
                }

                // Not an edit of the connection, so not an audited update: the columns are set directly.
                var now = DateTimeOffset.UtcNow;
                await data.Db.Connections.Where(x => x.Id == id).ExecuteUpdateAsync(
                    s => s.SetProperty(x => x.Status, status).SetProperty(x => x.LastTestedAt, now).SetProperty(x => x.LastError, error),
                    c.CancellationToken);
                return await data.Connections.AsNoTracking().SingleAsync(x => x.Id == id, c.CancellationToken);
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
