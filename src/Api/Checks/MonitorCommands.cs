using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;

namespace DqPlatform.Api.Checks;

/// <summary>
/// <c>createTableMonitors</c>: resolves the chosen tables (or all) against a fresh reading of the connection's schema,
/// asks <see cref="TableMonitors"/> what each table's monitors are, and lets <see cref="MonitorStore"/> create the
/// missing ones in one transaction. Another workspace's connection is NOT_FOUND; an unknown table refuses the whole call.
/// </summary>
public sealed class MonitorCommands(CheckStore checks, SourceSchemas schemas, MonitorStore monitors, ICurrentCaller caller, IClock clock)
{
    /// <summary>More tables than this in one call is refused: the call is one transaction.</summary>
    public const int MaxTables = 2000;

    public sealed record Request(IReadOnlyList<string>? Tables, bool All, string Cron, string? Timezone, MonitorSettings Settings);

    public sealed record Result(int Tables, int Created, int Existing, IReadOnlyList<CheckDefinition> Checks);

    public async Task<Result> CreateAsync(Guid? connectionId, string shownConnectionId, Request request, CancellationToken cancellationToken)
    {
        var who = caller.Require(ApiKeyScopes.Write);
        var connection = (connectionId is { } id ? await checks.FindConnectionAsync(id, cancellationToken) : null)
            ?? throw new NotFoundException("Connection", shownConnectionId);
        if (request.All == (request.Tables is { Count: > 0 }))
        {
            throw new ValidationException("Name the tables or set 'all: true', not both.", "tables");
        }

        var schema = await schemas.GetAsync(connection, refresh: true, cancellationToken);
        var chosen = request.All ? schema.Tables : request.Tables!.Distinct(StringComparer.Ordinal).Select(name => Find(schema, connection, name)).DistinctBy(t => (t.Schema, t.Name)).ToList();
        if (chosen.Count > MaxTables)
        {
            throw new ValidationException($"At most {MaxTables} tables per call; this one names {chosen.Count}.", "tables");
        }

        var specs = chosen.SelectMany(t => TableMonitors.For(
            new MonitoredTable(t.Schema, t.Name, [.. t.Columns.Select(c => new ColumnShape(c.Name, c.DataType))]), request.Settings)).ToList();
        var outcome = await monitors.EnsureAsync(who.OrganizationId, who.WorkspaceId, connection.Id, specs, request.Cron, request.Timezone, clock.UtcNow,
            dueNow: false, cancellationToken);
        return new Result(chosen.Count, outcome.Created, outcome.Existing, outcome.Checks);
    }

    // "schema.table" or "table" (the default schema first), as checks resolve their targets.
    private static SourceTable Find(SourceSchema schema, Connection connection, string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var probe = new CheckDefinition
        {
            Name = "probe", CheckType = "row_count", TargetSchema = dot > 0 ? name[..dot] : null, TargetTable = dot > 0 ? name[(dot + 1)..] : name,
        };
        return CheckTargets.Find(schema, probe, connection)
            ?? throw new ValidationException($"Table '{name}' does not exist in connection '{connection.Name}'.", "tables");
    }
}
