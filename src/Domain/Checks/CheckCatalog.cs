using DqPlatform.Domain.Checks.Types;
using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Checks;

/// <summary>The check types a definition may name, each a class of its own under <c>Types/</c>.</summary>
public static class CheckCatalog
{
    private static readonly CheckType[] Types =
    [
        new RowCountCheck(),
        new NullCountCheck(),
        new NullPercentCheck(),
        new DistinctCountCheck(),
        new DuplicateCountCheck(),
        new DuplicatePercentCheck(),
        new MinValueCheck(),
        new MaxValueCheck(),
        new MeanValueCheck(),
        new SumValueCheck(),
        new TextLengthCheck(),
        new RegexMatchPercentCheck(),
        new AcceptedValuesPercentCheck(),
        new FreshnessCheck(),
        new ColumnExistsCheck(),
        new ColumnCountCheck(),
        new CustomSqlCheck(),
        new CustomSqlRowsCheck(),
        new AnomalyCheck(),
        new SchemaDriftCheck(),
    ];

    private static readonly Dictionary<string, CheckType> ByName = Types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IReadOnlyList<CheckType> All => Types;

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>The named type; VALIDATION on <c>checkType</c> for a name the catalog does not have.</summary>
    public static CheckType Get(string checkType) =>
        ByName.GetValueOrDefault(checkType)
        ?? throw new ValidationException($"Unknown check type '{checkType}'. Known: {string.Join(", ", Names)}.", "checkType");

    /// <summary>The named type, or null for a name the catalog does not have.</summary>
    public static CheckType? Find(string checkType) => ByName.GetValueOrDefault(checkType);

    /// <summary>Checks a config against the named type (see <see cref="CheckType.Validate"/>).</summary>
    public static void Validate(string checkType, string configJson) => Get(checkType).Validate(configJson);
}
