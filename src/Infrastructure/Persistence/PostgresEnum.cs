namespace DqPlatform.Infrastructure.Persistence;

/// <summary>The label of a domain enum in its PostgreSQL enum type (the names, lower-cased; see <c>EnumMappingTests</c>).</summary>
public static class PostgresEnum
{
    public static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
