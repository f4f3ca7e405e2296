using System.Text.Json;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Infrastructure.Connectors;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Datasets;

/// <summary>
/// Datasets of the caller's workspace: registering a connection's table with the roles that may read it, changing and
/// removing that. The rule of who may read is <see cref="DatasetAccess"/>; the query service applies it.
/// </summary>
public sealed class DatasetStore(WorkspaceData data, IClock clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Registration(Guid ConnectionId, string ShownConnectionId, string Schema, string Table, string Name, IReadOnlyList<string> ReadRoles);

    public async Task<Dataset> RegisterAsync(Registration registration, CancellationToken cancellationToken)
    {
        var connection = await data.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == registration.ConnectionId, cancellationToken)
            ?? throw new NotFoundException("Connection", registration.ShownConnectionId);
        var schema = Names.Require(registration.Schema, "schema");
        var table = Names.Require(registration.Table, "table");
        await RequireKnownTableAsync(connection.Id, schema, table, cancellationToken);
        var now = clock.UtcNow;
        var dataset = new Dataset
        {
            Id = DatasetIds.For(connection.Id, schema, table),
            WorkspaceId = connection.WorkspaceId,
            ConnectionId = connection.Id,
            SchemaName = schema,
            TableName = table,
            Name = Names.Require(registration.Name),
            ReadRoles = await RolesAsync(registration.ReadRoles, cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (await data.Datasets.AnyAsync(d => d.Id == dataset.Id, cancellationToken))
        {
            throw new ConflictException($"{schema}.{table} of this connection is already registered as a dataset.");
        }

        data.Db.Datasets.Add(dataset);
        await data.Db.SaveOrConflictAsync(cancellationToken);
        return dataset;
    }

    /// <summary>A null name or role list keeps the current one. Only a caller who may read the dataset may change it.</summary>
    public async Task<Dataset> UpdateAsync(Guid? id, string shownId, DatasetReader reader, string? name, IReadOnlyList<string>? readRoles, CancellationToken cancellationToken)
    {
        var dataset = await FindChangeableAsync(id, shownId, reader, cancellationToken);
        dataset.Name = name is null ? dataset.Name : Names.Require(name);
        dataset.ReadRoles = readRoles is null ? dataset.ReadRoles : await RolesAsync(readRoles, cancellationToken);
        dataset.UpdatedAt = clock.UtcNow;
        await data.Db.SaveOrConflictAsync(cancellationToken);
        return dataset;
    }

    public async Task DeleteAsync(Guid? id, string shownId, DatasetReader reader, CancellationToken cancellationToken)
    {
        var dataset = await FindChangeableAsync(id, shownId, reader, cancellationToken);
        data.Db.Datasets.Remove(dataset);
        await data.Db.SaveOrConflictAsync(cancellationToken);
    }

    // Lifting or loosening a restriction one is under would let any writer grant themselves the read.
    private async Task<Dataset> FindChangeableAsync(Guid? id, string shownId, DatasetReader reader, CancellationToken cancellationToken)
    {
        var dataset = (id is { } known ? await data.Datasets.SingleOrDefaultAsync(d => d.Id == known, cancellationToken) : null)
            ?? throw new NotFoundException("Dataset", shownId);
        return DatasetAccess.MayRead(reader, dataset.ReadRoles) ? dataset : throw DatasetForbiddenException.ToChange(dataset);
    }

    private async Task<string[]> RolesAsync(IEnumerable<string> given, CancellationToken cancellationToken)
    {
        var organization = data.OrganizationId;
        var custom = await data.Db.CustomRoles.AsNoTracking().Where(r => r.OrganizationId == organization).Select(r => r.Slug).ToListAsync(cancellationToken);
        return DatasetAccess.RequireRoles(given, custom);
    }

    // Judged against the schema snapshot the platform already keeps (no round trip to the source): a table that is not in
    // it is refused; with no snapshot yet the table is taken on trust, since restricting a table before it exists is safe.
    private async Task RequireKnownTableAsync(Guid connectionId, string schema, string table, CancellationToken cancellationToken)
    {
        var snapshot = await data.Db.SchemaSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ConnectionId == connectionId, cancellationToken);
        if (snapshot is null)
        {
            return;
        }

        var tables = JsonSerializer.Deserialize<List<SourceTable>>(snapshot.Tables, Json) ?? [];
        if (!tables.Any(t => t.Schema == schema && t.Name == table))
        {
            throw new ValidationException(
                $"The connection has no table {schema}.{table} (as of its schema read at {snapshot.ReadAt:u}; names are case-sensitive). If it was just created, read the schema again with connection {{ schema(refresh: true) }}.",
                "table");
        }
    }
}
