namespace DqPlatform.Domain.Checks;

/// <summary>
/// The category of each check type of <see cref="CheckCatalog"/>, by its name. A type not named here (a custom or a
/// newly added one) counts as <see cref="CheckCategory.Validity"/>: it judges values, which is what most checks do.
/// </summary>
public static class CheckCategories
{
    private static readonly Dictionary<string, CheckCategory> ByType = new(StringComparer.Ordinal)
    {
        ["row_count"] = CheckCategory.Volume,
        ["anomaly"] = CheckCategory.Volume,
        ["null_count"] = CheckCategory.Completeness,
        ["null_percent"] = CheckCategory.Completeness,
        ["distinct_count"] = CheckCategory.Uniqueness,
        ["duplicate_count"] = CheckCategory.Uniqueness,
        ["duplicate_percent"] = CheckCategory.Uniqueness,
        ["freshness"] = CheckCategory.Timeliness,
        ["column_exists"] = CheckCategory.Schema,
        ["column_count"] = CheckCategory.Schema,
        ["schema_drift"] = CheckCategory.Schema,
    };

    public static CheckCategory Of(string checkType) => ByType.GetValueOrDefault(checkType, CheckCategory.Validity);
}
