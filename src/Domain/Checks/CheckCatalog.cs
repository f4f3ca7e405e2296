namespace DqPlatform.Domain.Checks;

/// <summary>The check types a definition may name, and whether each targets a table or a column.</summary>
public static class CheckCatalog
{
    private static readonly Dictionary<string, CheckTargetType> Types = new(StringComparer.Ordinal)
    {
        ["row_count"] = CheckTargetType.Table,
        ["null_count"] = CheckTargetType.Column,
        ["null_percent"] = CheckTargetType.Column,
        ["distinct_count"] = CheckTargetType.Column,
        ["duplicate_count"] = CheckTargetType.Column,
        ["duplicate_percent"] = CheckTargetType.Column,
        ["min_value"] = CheckTargetType.Column,
        ["max_value"] = CheckTargetType.Column,
        ["mean_value"] = CheckTargetType.Column,
        ["sum_value"] = CheckTargetType.Column,
        ["text_length"] = CheckTargetType.Column,
        ["regex_match_percent"] = CheckTargetType.Column,
        ["accepted_values_percent"] = CheckTargetType.Column,
        ["freshness"] = CheckTargetType.Column,
        ["column_exists"] = CheckTargetType.Column,
        ["column_count"] = CheckTargetType.Table,
        ["custom_sql"] = CheckTargetType.Table,
        ["anomaly"] = CheckTargetType.Table,
    };

    public static IReadOnlyCollection<string> Names => Types.Keys;

    public static bool TryGetTarget(string checkType, out CheckTargetType target) => Types.TryGetValue(checkType, out target);
}
