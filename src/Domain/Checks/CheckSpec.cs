namespace DqPlatform.Domain.Checks;

/// <summary>Everything a person decides about a check; <see cref="CheckDefinition"/> validates it as a whole.</summary>
public sealed record CheckSpec(
    string Name,
    string CheckType,
    string? TargetSchema,
    string? TargetTable,
    string? TargetColumn,
    string Config,
    string[] Tags,
    string? Description = null,
    CheckSeverity Severity = CheckSeverity.Error,
    bool Enabled = true,
    string? DataProductId = null);
