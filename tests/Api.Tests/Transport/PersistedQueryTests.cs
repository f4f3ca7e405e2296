using System.Net;
using static DqPlatform.Api.Tests.Transport.PersistedQueryRequests;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>Apollo's automatic persisted queries over POST and GET: unknown hashes, registration, and its edges.</summary>
public sealed class PersistedQueryTests(DqApiFactory api) : IClassFixture<DqApiFactory>, IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.CreateAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HashOnly_UnknownHash_AnswersPersistedQueryNotFoundWith200()
    {
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(UniqueQuery())));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("PersistedQueryNotFound", body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(body));
    }

    [Fact]
    public async Task QueryWithHash_IsRegistered_ThenTheHashAloneAnswersOnEveryNode()
    {
        var query = UniqueQuery();
        var (status, registered) = await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(query));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("ws-", registered.GetProperty("data").GetProperty("workspace").GetProperty("name").GetString(), StringComparison.Ordinal);

        var (_, here) = await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(query)));
        await using var other = new SecondNodeFactory(api, runJobs: false);
        await other.InitializeAsync();
        var (_, there) = await PostAsync(other.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(query)));

        Assert.Equal(registered.GetProperty("data").ToString(), here.GetProperty("data").ToString());
        Assert.Equal(registered.GetProperty("data").ToString(), there.GetProperty("data").ToString());
    }

    [Fact]
    public async Task QueryWithAnotherDocumentsHash_AnswersBadRequest_AndRegistersNothing()
    {
        var query = UniqueQuery();
        var wrong = Sha256(UniqueQuery());
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(query, wrong));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", Code(body));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code((await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(wrong))).Body));
    }

    [Theory]
    [InlineData(2, "0000")]
    [InlineData(1, "not a hash!")]
    public async Task MalformedPersistedQueryExtension_AnswersBadRequest(int version, string hash)
    {
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, new { extensions = Extensions(hash, version) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", Code(body));
        Assert.Contains("persistedQuery", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousOrOversizedDocuments_ExecuteButAreNotRegistered()
    {
        // Without a key, { __typename } executes: it must not let anyone store documents for every node.
        var anonymous = UniqueQuery("__typename");
        var (status, body) = await PostAsync(api.CreateClient(), null, WithHash(anonymous));
        Assert.Equal((HttpStatusCode.OK, "Query"), (status, body.GetProperty("data").GetProperty("__typename").GetString()));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code((await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(anonymous)))).Body));

        var padded = UniqueQuery() + "\n#" + new string('x', 70 * 1024);
        (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(padded));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("data", out _), body.ToString());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code((await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(padded)))).Body));
    }

    [Fact]
    public async Task DocumentThatDoesNotValidate_IsNotRegistered()
    {
        var query = UniqueQuery("workspace { noSuchField }");
        var (_, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(query));

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", Code(body));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code((await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(query)))).Body));
    }

    [Fact]
    public async Task Get_WithTheHashInTheExtensionsParameter_AnswersOnceRegistered()
    {
        var query = UniqueQuery();
        var name = query.Split(' ')[1];
        var (unknownStatus, unknown) = await GetAsync(api.CreateClient(), _tenant.ApiKey, Sha256(query), name);
        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(unknown));

        await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(query));
        var (status, body) = await GetAsync(api.CreateClient(), _tenant.ApiKey, Sha256(query), name);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("data").GetProperty("workspace").TryGetProperty("name", out _), body.ToString());
    }

    [Fact]
    public async Task Get_WithTheHashOfAMutation_Answers405()
    {
        var mutation = $"mutation M{Guid.NewGuid():N} {{ createConnection(input: {{name: \"apq-{Guid.NewGuid():N}\", type: POSTGRESQL, config: {{host: \"db.internal\"}}}}) {{ id }} }}";
        var (_, created) = await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(mutation));
        Assert.Null(Code(created));

        var (status, body) = await GetAsync(api.CreateClient(), _tenant.ApiKey, Sha256(mutation));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("METHOD_NOT_ALLOWED", Code(body));
    }
}
