using Npgsql;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// Maps C# enum members to the seed's PostgreSQL enum labels ("SqlServer" → "sqlserver"), which are the
/// lower-cased member names without separators, unlike Npgsql's default snake_case ("sql_server").
/// </summary>
public sealed class LowerCaseNameTranslator : INpgsqlNameTranslator
{
    public static readonly LowerCaseNameTranslator Instance = new();

    public string TranslateTypeName(string clrName) => clrName.ToLowerInvariant();

    public string TranslateMemberName(string clrName) => clrName.ToLowerInvariant();
}
