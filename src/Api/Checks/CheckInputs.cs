using System.Text.Json;
using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Checks;

namespace DqPlatform.Api.Checks;

/// <summary>Maps <c>createCheck</c>/<c>updateCheck</c> input onto a check spec: given fields replace, absent ones keep.</summary>
public static class CheckInputs
{
    public static CheckSpec ToSpec(IDictionary<string, object?> input, CheckSpec? current)
    {
        var creating = current is null;
        current ??= new CheckSpec("", "", null, null, null, "{}", []);
        var name = creating || input.Has("name") ? input.RequiredName() : current.Name;
        return current with
        {
            Name = name,
            CheckType = creating || input.Has("checkType") ? input.Value<string>("checkType") ?? "" : current.CheckType,
            TargetSchema = input.Has("targetSchema") ? input.Value<string>("targetSchema") : current.TargetSchema,
            TargetTable = creating || input.Has("targetTable") ? input.Value<string>("targetTable") : current.TargetTable,
            TargetColumn = input.Has("targetColumn") ? input.Value<string>("targetColumn") : current.TargetColumn,
            Config = input.Has("config") ? ConfigJson(input["config"]) : current.Config,
            Tags = input.Has("tags") ? input.Strings("tags") : current.Tags,
            Description = input.Has("description") ? input.Value<string>("description") : current.Description,
            Severity = input.Has("severity") ? input.Value<CheckSeverity>("severity") : current.Severity,
            Enabled = input.Has("enabled") ? input.Value<bool>("enabled") : current.Enabled,
            DataProductId = input.Has("dataProductId") ? input.Value<string>("dataProductId") : current.DataProductId,
        };
    }

    // A value that is not an object is refused by the check type ("'config' must be a JSON object."), after the
    // name, type and target were checked, as every other config mistake is.
    private static string ConfigJson(object? config) => config is null ? "{}" : JsonSerializer.Serialize(config);
}
