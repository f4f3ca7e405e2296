using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Sql;

namespace DqPlatform.Domain.Tests.Queries;

public sealed class QueryTemplateTests
{
    private static readonly Dictionary<string, string?> None = [];

    [Fact]
    public void Placeholders_InSql_AreFoundInCodeOnly()
    {
        const string sql = """
            SELECT ':in_string', ":in_identifier", $$ :in_dollars $$, x::date, arr[1:2], :first -- :in_comment
            FROM t /* :in_block */ WHERE a = :second AND b = :first
            """;
        Assert.Equal(["first", "second"], QueryTemplate.Placeholders(sql));
    }

    [Fact]
    public void Bind_WithRepeatedNames_UsesOneDriverMarkerPerNameAndListsValuesInMarkerOrder()
    {
        QueryParameter[] parameters = [new("low", QueryParameterType.Integer), new("name", QueryParameterType.String)];
        var bound = QueryTemplate.Bind(
            "SELECT ':low' FROM t WHERE n > :low AND n < :low + 10 AND name = :name",
            parameters,
            new Dictionary<string, string?> { ["name"] = "x' OR '1'='1", ["low"] = "5" },
            SqlReading.Standard,
            i => "$" + (i + 1));
        Assert.Equal("SELECT ':low' FROM t WHERE n > $1 AND n < $1 + 10 AND name = $2", bound.Sql);
        Assert.Equal([5L, "x' OR '1'='1"], bound.Values);
    }

    [Fact]
    public void Bind_UnderMySqlQuoting_KeepsPlaceholderAfterBackslashEscapedQuoteInsideTheString()
    {
        var bound = QueryTemplate.Bind(@"SELECT 'it\'s :not' , :yes", [new("yes", QueryParameterType.Boolean)],
            new Dictionary<string, string?> { ["yes"] = "true" }, SqlReading.MySql, i => "@p" + i);
        Assert.Equal(@"SELECT 'it\'s :not' , @p0", bound.Sql);
        Assert.Equal([true], bound.Values);
    }

    [Fact]
    public void Bind_WithMissingValues_FillsDefaultsRefusesRequiredAndBindsNullAsNull()
    {
        QueryParameter[] parameters =
        [
            new("since", QueryParameterType.Date, "2024-01-01"),
            new("id", QueryParameterType.Uuid, Required: true),
            new("note", QueryParameterType.String),
        ];
        const string sql = "SELECT :since, :id, :note";
        var id = Guid.NewGuid();
        var bound = QueryTemplate.Bind(sql, parameters, new Dictionary<string, string?> { ["id"] = id.ToString() }, SqlReading.Standard, i => "?");
        Assert.Equal([new DateOnly(2024, 1, 1), id, null], bound.Values);
        Assert.Throws<ValidationException>(() => QueryTemplate.Bind(sql, parameters, None, SqlReading.Standard, i => "?"));
        var explicitNull = QueryTemplate.Bind(sql, parameters, new Dictionary<string, string?> { ["id"] = id.ToString(), ["since"] = null }, SqlReading.Standard, i => "?");
        Assert.Null(explicitNull.Values[0]);
    }

    [Theory]
    [InlineData(QueryParameterType.Integer, "1 OR 1=1")]
    [InlineData(QueryParameterType.Integer, "9223372036854775808")]
    [InlineData(QueryParameterType.Decimal, "1,5")]
    [InlineData(QueryParameterType.Boolean, "yes")]
    [InlineData(QueryParameterType.Date, "2024-13-01")]
    [InlineData(QueryParameterType.Date, "01/02/2024")]
    [InlineData(QueryParameterType.Timestamp, "yesterday")]
    [InlineData(QueryParameterType.Uuid, "'; DROP TABLE t; --")]
    public void Convert_WithValueNotOfTheType_IsRefused(QueryParameterType type, string value) =>
        Assert.Equal("parameters", Assert.Throws<ValidationException>(() => new QueryParameter("p", type).Convert(value)).Field);

    [Fact]
    public void Convert_TimestampWithoutOffset_IsReadAsUtc()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 1, 30, 0, TimeSpan.Zero), new QueryParameter("t", QueryParameterType.Timestamp).Convert("2024-03-31T01:30:00"));
        Assert.Equal(new DateTimeOffset(2024, 3, 30, 23, 30, 0, TimeSpan.Zero), new QueryParameter("t", QueryParameterType.Timestamp).Convert("2024-03-31T01:30:00+02:00"));
    }

    [Theory]
    [InlineData("SELECT :a", new[] { "a", "a" })]
    [InlineData("SELECT :a", new string[0])]
    [InlineData("SELECT 1", new[] { "a" })]
    [InlineData("SELECT :a", new[] { "a", "b" })]
    [InlineData("SELECT :1a", new[] { "1a" })]
    [InlineData("SELECT :a", new[] { "a;drop" })]
    public void Validate_WithDeclarationsNotMatchingPlaceholdersExactly_IsRefused(string sql, string[] names) =>
        Assert.Throws<ValidationException>(() => QueryTemplate.Validate(sql, names.Select(n => new QueryParameter(n, QueryParameterType.String)).ToList()));

    [Fact]
    public void Bind_WithUnknownSuppliedName_IsRefused() =>
        Assert.Throws<ValidationException>(() => QueryTemplate.Bind("SELECT 1", [], new Dictionary<string, string?> { ["x"] = "1" }, SqlReading.Standard, i => "?"));

    [Fact]
    public void DatasetIds_PerConnectionSchemaAndTable_AreStableVersion5Uuids()
    {
        var connection = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var id = DatasetIds.For(connection, "public", "orders");
        Assert.Equal(id, DatasetIds.For(connection, "public", "orders"));
        Assert.Equal(5, id.Version);
        Assert.NotEqual(id, DatasetIds.For(connection, "public", "Orders"));
        Assert.NotEqual(id, DatasetIds.For(connection, "sales", "orders"));
        Assert.NotEqual(id, DatasetIds.For(Guid.NewGuid(), "public", "orders"));
    }

    [Fact]
    public void QueryFingerprint_OfSql_IsLowercaseHexSha256() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", QueryFingerprint.Of(""));
}
