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
}
