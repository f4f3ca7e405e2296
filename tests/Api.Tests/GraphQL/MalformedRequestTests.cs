using System.Net;
using System.Text;
using System.Text.Json;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// A client's mistake is answered as the client's: a parse failure, a validation failure and a variable that does not
/// coerce each carry their own code, the engine's message and (for documents) a location; never <c>INTERNAL</c>.
/// </summary>
public sealed class MalformedRequestTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    private const string Parse = "GRAPHQL_PARSE_FAILED";
    private const string Validation = "GRAPHQL_VALIDATION_FAILED";
    private const string Input = "BAD_USER_INPUT";
    private const string Request = "BAD_REQUEST";

    private const string ByFirst = "query($n: Int) { checkDefinitions(first: $n) { nodes { id } } }";
    private const string ByWhere = "query($w: CheckResultFilterInput) { checkResults(where: $w) { nodes { id } } }";
    private const string Since = "query($d: DateTime!) { passRateByTable(since: $d) { targetTable } }";

    public static TheoryData<string, string?, string> Mistakes => new()
    {
        // The document does not parse.
        { "{ workspace { id }", null, Parse },
        { "{ workspace { id } } }", null, Parse },
        { "query { ", null, Parse },
        { "{ checkDefinitions(first: ) { nodes { id } } }", null, Parse },
        { "{ \"string\" }", null, Parse },
        { "mutation { runCheck(id: \"x\" { id } }", null, Parse },
        { "query Q($x: ) { workspace { id } }", null, Parse },
        { "{ workspace { ...on } }", null, Parse },
        { "{ workspace(id: @) { id } }", null, Parse },
        { "@", null, Parse },
        { "{ workspace { id } } \"unterminated", null, Parse },
        // It parses but does not validate against the schema.
        { "{ workspace { nope } }", null, Validation },
        { "{ nope }", null, Validation },
        { "{ workspace }", null, Validation },
        { "{ workspace { id { x } } }", null, Validation },
        { "{ checkDefinitions(first: \"ten\") { nodes { id } } }", null, Validation },
        { "{ checkDefinitions(bogus: 1) { nodes { id } } }", null, Validation },
        { "{ incidents(order: [{severity: desc}]) { nodes { id } } }", null, Validation },
        { "{ checkDefinitions(where: {name: {eq: 5}}) { nodes { id } } }", null, Validation },
        { "{ checkResults(where: {sensorValue: {gt: \"seven\"}}) { nodes { id } } }", null, Validation },
        { "query Q($a: Int) { workspace { id } }", null, Validation },
        // It parses, but which operation to run is not said.
        { "query { workspace { id } } query { workspace { id } }", null, Request },
        { "query Q { workspace { id } } query Q { workspace { id } }", null, Request },
        { "{ workspace { ...F } }", null, Validation },
        { "query Q($x: NoSuchType) { workspace { id } }", null, Validation },
        { "{ node(id: \"x\") { id ... on NoSuch { id } } }", null, Validation },
        { "mutation { runCheck { id } }", null, Validation },
        { "subscription { nope }", null, Validation },
        { "{ workspace { id } } fragment Unused on Workspace { id }", null, Validation },
        { "{ a: workspace { id } a: organization { id } }", null, Validation },
        { "query Q($x: Int = \"s\") { checkDefinitions(first: $x) { nodes { id } } }", null, Validation },
        { "query Q($x: String) { checkDefinitions(first: $x) { nodes { id } } }", null, Validation },
        // The variables do not coerce to their declared types.
        { ByFirst, """{"n": "ten"}""", Input },
        { ByFirst, """{"n": 1.5}""", Input },
        { ByFirst, """{"n": 99999999999}""", Input },
        { ByFirst, """{"n": true}""", Input },
        { "query($o: [CheckDefinitionSortInput!]) { checkDefinitions(order: $o) { nodes { id } } }", """{"o": [{"name": "asc"}]}""", Input },
        { Since, """{"d": "not a date"}""", Input },
        { Since, """{"d": "2026-13-45T00:00:00Z"}""", Input },
        { Since, "{}", Input },
        { Since, """{"d": null}""", Input },
        { "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", """{"ids": [null]}""", Input },
        { ByWhere, """{"w": {"nope": {"eq": 1}}}""", Input },
        { ByWhere, """{"w": {"sensorValue": {"gt": "seven"}}}""", Input },
        { ByWhere, """{"w": {"executedAt": {"gt": "yesterday"}}}""", Input },
        { ByWhere, """{"w": {"rulePassed": {"eq": "yes"}}}""", Input },
        { ByWhere, """{"w": {"severity": {"eq": "error"}}}""", Input },
        { "query($w: JobFilterInput) { jobs(where: $w) { nodes { id } } }", """{"w": {"triggeredBy": {"eq": "api"}}}""", Input },
        { ByWhere, """{"w": "not an object"}""", Input },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Request_WithClientMistake_AnswersItsOwnCodeWithTheEngineMessage(string query, string? variables, string code)
    {
        var tenant = await TestTenant.CreateAsync(api);
        var body = JsonSerializer.Serialize(new { query, variables = variables is null ? (JsonElement?)null : JsonDocument.Parse(variables).RootElement });

        var (status, errors) = await PostAsync(tenant.ApiKey, body, "application/graphql-response+json");

        var error = errors[0];
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("internal error", error.GetProperty("message").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        if (code is Parse or Validation)
        {
            Assert.True(error.TryGetProperty("locations", out _), "a document error says where");
        }
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2")]
    [InlineData("""{"query": 5}""")]
    [InlineData("""{"query": "{ workspace { id } }", "variables": [1]}""")]
    [InlineData("""{"query": "{ workspace { id } }", "operationName": 3}""")]
    [InlineData("""{"variables": {}}""")]
    public async Task Request_WithMalformedBody_AnswersBadRequestNotInternal(string body)
    {
        var tenant = await TestTenant.CreateAsync(api);

        var (status, errors) = await PostAsync(tenant.ApiKey, body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.All(errors, e => Assert.NotEqual("INTERNAL", e.GetProperty("extensions").GetProperty("code").GetString()));
    }

    private async Task<(HttpStatusCode Status, List<JsonElement> Errors)> PostAsync(string key, string body, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd(accept);
        var response = await api.CreateClient().SendAsync(request);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, [.. answer.GetProperty("errors").EnumerateArray()]);
    }
}
