using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Checks;
using DqPlatform.Infrastructure.Connectors;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Checks;

public static class CheckMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("createCheck")
            .Argument<NonNullGraphType<CreateCheckInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var connectionId = MutationSupport.IdOf(input.Value<string>("connectionId")!, "Connection");
                var connection = await data.Connections.AsNoTracking().SingleOrDefaultAsync(x => x.Id == connectionId, c.CancellationToken)
                    ?? throw new NotFoundException("Connection", input["connectionId"]!);
                var check = new CheckDefinition { ConnectionId = connectionId, Name = "", CheckType = "", TargetTable = "" };
                Apply(check, input, creating: true);
                await VerifyTargetAsync(c, connection, check);
                data.Db.CheckDefinitions.Add(check);
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return check;
            });

        mutation.Field<NonNullGraphType<CheckDefinitionGraphType>>("updateCheck")
            .Argument<NonNullGraphType<UpdateCheckInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(input.Value<string>("id")!, "CheckDefinition");
                var check = await data.Checks.SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("CheckDefinition", input["id"]!);
                Apply(check, input, creating: false);
                var connection = await data.Connections.AsNoTracking().SingleAsync(x => x.Id == check.ConnectionId, c.CancellationToken);
                await VerifyTargetAsync(c, connection, check);
                check.UpdatedAt = DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return check;
            });

        MutationSupport.RegisterDelete(mutation, "deleteCheck", "CheckDefinition", d => d.Checks);
    }

    /// <summary>Validates everything before changing anything, so a refused input leaves the check as it was.</summary>
    private static void Apply(CheckDefinition check, IDictionary<string, object?> input, bool creating)
    {
        var name = creating || input.Has("name") ? input.RequiredName() : check.Name;
        var checkType = creating || input.Has("checkType") ? input.Value<string>("checkType") ?? "" : check.CheckType;
        if (!CheckCatalog.TryGetTarget(checkType, out var targetType))
        {
            throw new ValidationException($"Unknown check type '{checkType}'. Known: {string.Join(", ", CheckCatalog.Names)}.", "checkType");
        }

        var schema = input.Has("targetSchema") ? input.Value<string>("targetSchema") : check.TargetSchema;
        var table = creating || input.Has("targetTable") ? input.Value<string>("targetTable") : check.TargetTable;
        var column = input.Has("targetColumn") ? input.Value<string>("targetColumn") : check.TargetColumn;
        if (schema is not null)
        {
            SqlIdentifier.Require(schema, "targetSchema");
        }

        SqlIdentifier.Require(table, "targetTable");
        if (targetType == CheckTargetType.Column)
        {
            SqlIdentifier.Require(column, "targetColumn");
        }
        else if (column is not null)
        {
            throw new ValidationException($"'{checkType}' checks a whole table; leave targetColumn empty.", "targetColumn");
        }

        var config = input.Has("config") ? ConfigJson(input["config"]) : check.Config;
        CheckCatalog.Validate(checkType, config);
        var tags = input.Has("tags") ? input.Strings("tags") : check.Tags;
        if (tags.Any(t => t.Length is 0 or > 100))
        {
            throw new ValidationException("Tags must be 1 to 100 characters.", "tags");
        }

        check.Name = name;
        check.CheckType = checkType;
        check.TargetType = targetType;
        check.TargetSchema = schema;
        check.TargetTable = table!;
        check.TargetColumn = column;
        check.Config = config;
        check.Tags = tags;
        check.Description = input.Has("description") ? input.Value<string>("description") : check.Description;
        check.Severity = input.Has("severity") ? input.Value<CheckSeverity>("severity") : check.Severity;
        check.Enabled = input.Has("enabled") ? input.Value<bool>("enabled") : check.Enabled;
        check.DataProductId = input.Has("dataProductId") ? input.Value<string>("dataProductId") : check.DataProductId;
    }

    /// <summary>
    /// Names the table and column must have in the source, checked when the connection last tested healthy. An
    /// unreachable source does not block saving: every run resolves the names again before building any SQL.
    /// </summary>
    private static async Task VerifyTargetAsync(IResolveFieldContext c, Connection connection, CheckDefinition check)
    {
        if (connection.Status != ConnectionStatus.Healthy || check.CheckType is "column_exists" or "column_count" or "custom_sql")
        {
            return;
        }

        SourceSchema schema;
        try
        {
            schema = await c.Service<SourceSchemas>().GetAsync(connection, refresh: false, c.CancellationToken);
            if (CheckTargets.Find(schema, check, connection) is null)
            {
                schema = await c.Service<SourceSchemas>().GetAsync(connection, refresh: true, c.CancellationToken);
            }
        }
        catch (DomainException)
        {
            return;
        }

        var table = CheckTargets.Find(schema, check, connection) ?? throw new ValidationException(
            $"Table '{check.TargetTable}' does not exist in connection '{connection.Name}'.", "targetTable");
        if (check.TargetColumn is { } column && table.Column(column) is null)
        {
            throw new ValidationException($"Column '{column}' does not exist in table '{table.Schema}.{table.Name}'.", "targetColumn");
        }
    }

    private static string ConfigJson(object? config) => config switch
    {
        null => "{}",
        IDictionary<string, object?> map => JsonSerializer.Serialize(map),
        _ => throw new ValidationException("'config' must be a JSON object.", "config"),
    };

}

public sealed class CreateCheckInputType : InputObjectGraphType
{
    public CreateCheckInputType()
    {
        Name = "CreateCheckInput";
        Field<NonNullGraphType<IdGraphType>>("connectionId");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("description");
        Field<NonNullGraphType<StringGraphType>>("checkType").Description("A type of the check catalog, e.g. row_count, null_percent.");
        Field<StringGraphType>("targetSchema");
        Field<NonNullGraphType<StringGraphType>>("targetTable");
        Field<StringGraphType>("targetColumn");
        Field<JsonScalar>("config");
        Field<EnumerationGraphType<CheckSeverity>>("severity");
        Field<BooleanGraphType>("enabled");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
        Field<StringGraphType>("dataProductId");
    }
}

public sealed class UpdateCheckInputType : InputObjectGraphType
{
    public UpdateCheckInputType()
    {
        Name = "UpdateCheckInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("description");
        Field<StringGraphType>("checkType");
        Field<StringGraphType>("targetSchema");
        Field<StringGraphType>("targetTable");
        Field<StringGraphType>("targetColumn");
        Field<JsonScalar>("config");
        Field<EnumerationGraphType<CheckSeverity>>("severity");
        Field<BooleanGraphType>("enabled");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
        Field<StringGraphType>("dataProductId");
    }
}
