using System.Text.Json;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// Introspection answers the query every tool sends, with or without a key, and is bounded by rules of its own
/// instead of the data complexity budget (which refused it at 2.2 million against 50,000).
/// </summary>
public sealed class IntrospectionTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    // The classic full introspection query (GraphiQL's, Banana Cake Pop's, graphql-js 15's getIntrospectionQuery()).
    private const string Standard = """
        query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
          types { ...FullType } directives { name description locations args { ...InputValue } } } }
        fragment FullType on __Type { kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue } interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Introspection_WithStandardQuery_AnswersWithAndWithoutKey(bool withKey)
    {
        var key = withKey ? (await TestTenant.CreateAsync(api)).ApiKey : null;
        var (response, body) = await api.GraphQL(key).SendAsync(Standard);
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("data").GetProperty("__schema").GetProperty("types").GetArrayLength() > 50);
    }

    [Theory]
    [InlineData("__Type", "specifiedByURL")]
    [InlineData("__Directive", "isRepeatable")]
    [InlineData("__InputValue", "isDeprecated")]
    [InlineData("__InputValue", "deprecationReason")]
    public async Task IntrospectionTypes_ServeTheOctober2021Fields(string type, string field)
    {
        var data = await api.GraphQL(null).DataAsync("query($t: String!) { __type(name: $t) { fields { name } } }", new { t = type });
        Assert.Contains(data.GetProperty("__type").GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == field);
    }

    [Fact]
    public async Task Introspection_ArgsAndInputFields_TakeIncludeDeprecated_AndScalarsNameTheirSpecification()
    {
        var data = await api.GraphQL(null).DataAsync("""
            { dt: __type(name: "DateTime") { specifiedByURL } int: __type(name: "Int") { specifiedByURL }
              input: __type(name: "IncidentFilterInput") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
              __schema { directives { name isRepeatable args(includeDeprecated: true) { name isDeprecated } }
                queryType { fields { name args(includeDeprecated: true) { name isDeprecated } } } } }
            """);
        Assert.Equal("https://scalars.graphql.org/andimarek/date-time", data.GetProperty("dt").GetProperty("specifiedByURL").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("int").GetProperty("specifiedByURL").ValueKind);
        Assert.NotEqual(0, data.GetProperty("input").GetProperty("inputFields").GetArrayLength());
        var directives = data.GetProperty("__schema").GetProperty("directives").EnumerateArray().ToList();
        Assert.Contains(directives, d => d.GetProperty("name").GetString() == "specifiedBy" && d.GetProperty("args")[0].GetProperty("name").GetString() == "url");
        Assert.All(directives, d => Assert.False(d.GetProperty("isRepeatable").GetBoolean()));
    }

    [Theory]
    [InlineData("{ __schema { types { fields { type { fields { type { name } } } } } } }", "fields")]
    [InlineData("{ __schema { types { interfaces { possibleTypes { interfaces { name } } } } } }", "interfaces")]
    [InlineData("{ a: __schema { types { name } } b: __schema { types { name } } c: __schema { types { name } } }", "__schema")]
    [InlineData("{ __type(name: \"Query\") { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } } } } }", "ofType")]
    public async Task Introspection_WalkingTypeGraphInCircles_IsRefused(string query, string named)
    {
        var (_, body) = await api.GraphQL(null).SendAsync(query);
        var error = body.GetProperty("errors")[0];
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
    }

    public static TheoryData<string, string> Bombs() => new()
    {
        // Aliases repeat a list side by side, where no path nests it twice: each alias answers every type again.
        { "{ __schema { " + string.Concat(Enumerable.Range(0, 200).Select(i => $"t{i}: types {{ fields {{ name }} }} ")) + "} }", "lists" },
        // A fragment spread twice in each of 16 fragments: 65,536 selections for each type, for whoever expands them.
        { "{ __schema { types { ...F0 } } } " + string.Concat(Enumerable.Range(0, 16).Select(i => $"fragment F{i} on __Type {{ ...F{i + 1} ... on __Type {{ ...F{i + 1} }} }} ")) + "fragment F16 on __Type { name }", "selections" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task Introspection_Bomb_IsRefusedBeforeItRuns(string query, string named)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (_, body) = await api.GraphQL(null).SendAsync(query);
        Assert.True(body.TryGetProperty("errors", out var errors), $"answered ({body.ToString().Length} characters)");
        Assert.Contains(named, errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", errors[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}
