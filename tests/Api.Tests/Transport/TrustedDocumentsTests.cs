using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;
using static DqPlatform.Api.Tests.Transport.PersistedQueryRequests;

namespace DqPlatform.Api.Tests.Transport;

/// <summary>
/// <c>Dqp:GraphQL:TrustedDocumentsOnly</c>: only the documents of the trusted list (an Apollo persisted query manifest)
/// execute, by hash or as their exact text; other text, and registering it, answers PERSISTED_QUERY_NOT_IN_LIST.
/// </summary>
public sealed class TrustedDocumentsTests(TrustedDocumentsTests.TrustedOnlyFactory api) : IClassFixture<TrustedDocumentsTests.TrustedOnlyFactory>, IAsyncLifetime
{
    private const string Trusted = "query Dashboard { workspace { name } }";
    private const string CustomId = "dashboard-v1";
    private const string TrustedById = "query Organization { organization { name } }";

    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.CreateAsync(api);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TrustedDocument_AnswersByHash_ById_AndAsItsExactText()
    {
        var http = api.CreateClient();

        var byHash = (await PostAsync(http, _tenant.ApiKey, HashOnly(Sha256(Trusted)))).Body;
        var byId = (await PostAsync(http, _tenant.ApiKey, HashOnly(CustomId))).Body;
        var byText = (await PostAsync(http, _tenant.ApiKey, new { query = Trusted })).Body;
        var byGet = (await GetAsync(http, _tenant.ApiKey, Sha256(Trusted))).Body;

        Assert.True(byHash.GetProperty("data").GetProperty("workspace").TryGetProperty("name", out _), byHash.ToString());
        Assert.True(byId.GetProperty("data").GetProperty("organization").TryGetProperty("name", out _), byId.ToString());
        Assert.Equal(byHash.ToString(), byText.ToString());
        Assert.Equal(byHash.ToString(), byGet.ToString());
    }

    [Fact]
    public async Task AdHocText_IsRefusedWithPersistedQueryNotInList()
    {
        var (status, body) = await PostAsync(api.CreateClient(), _tenant.ApiKey, new { query = "{ workspace { name } }" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", Code(body));
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task RegisteringADocument_IsRefused_AndItsHashStaysUnknown()
    {
        var query = UniqueQuery();

        var registering = (await PostAsync(api.CreateClient(), _tenant.ApiKey, WithHash(query))).Body;
        var byHash = (await PostAsync(api.CreateClient(), _tenant.ApiKey, HashOnly(Sha256(query)))).Body;
        var inBatch = (await PostAsync(api.CreateClient(), _tenant.ApiKey, new object[] { HashOnly(Sha256(Trusted)), new { query } })).Body;

        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", Code(registering));
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", Code(byHash));
        Assert.Equal([null, "PERSISTED_QUERY_NOT_IN_LIST"], inBatch.EnumerateArray().Select(Code));
    }

    [Fact]
    public async Task OverTheWebSocket_OnlyTrustedDocumentsRun()
    {
        var ws = api.Server.CreateWebSocketClient();
        ws.SubProtocols.Add("graphql-transport-ws");
        using var socket = await ws.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + _tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, new { id = "trusted", type = "subscribe", payload = new { query = Trusted } });
        var next = (await ReceiveAsync(socket))!.Value;
        var complete = (await ReceiveAsync(socket))!.Value;
        await SendAsync(socket, new { id = "ad-hoc", type = "subscribe", payload = new { query = "subscription { incidentChanged { change } }" } });
        var error = (await ReceiveAsync(socket))!.Value;

        Assert.Equal(("next", "complete"), (next.GetProperty("type").GetString(), complete.GetProperty("type").GetString()));
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("PERSISTED_QUERY_NOT_IN_LIST", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    public sealed class TrustedOnlyFactory : DqApiFactory
    {
        private readonly string _manifest = Path.Combine(Path.GetTempPath(), $"dqp-trusted-{Guid.NewGuid():N}.json");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // As @apollo/generate-persisted-query-manifest writes it: ids are the body's sha256 unless configured otherwise.
            File.WriteAllText(_manifest, JsonSerializer.Serialize(new
            {
                format = "apollo-persisted-query-manifest",
                version = 1,
                operations = new[]
                {
                    new { id = Sha256(Trusted), name = "Dashboard", type = "query", body = Trusted },
                    new { id = CustomId, name = "Organization", type = "query", body = TrustedById },
                },
            }));
            builder.UseSetting("Dqp:GraphQL:TrustedDocumentsOnly", "true");
            builder.UseSetting("Dqp:GraphQL:TrustedDocumentsManifest", _manifest);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            File.Delete(_manifest);
        }
    }
}
