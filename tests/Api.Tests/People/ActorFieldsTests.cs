using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Api.Tests.GraphQL;
using DqPlatform.Api.Tests.Queries;
using DqPlatform.GraphQL.Relay;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using static DqPlatform.Api.Tests.Live.WebSocketMessages;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// Issue 30, item 4: who acknowledged, changed, ran, created and owns is an <c>Actor</c>: the <c>ApiKey</c> for a
/// service key, the <c>User</c> for a person (also when they call with a personal key).
/// </summary>
public sealed class ActorFieldsTests(ActorApiFactory api) : IClassFixture<ActorApiFactory>
{
    private const string Actor = "__typename id displayName ... on User { userName: name email } ... on ApiKey { name keyPrefix }";

    [Fact]
    public async Task AcknowledgeIncident_ByKey_AcknowledgedByIsTheKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var incident = await OpenIncidentAsync(tenant);

        var acked = await AcknowledgeAsync(api.GraphQL(tenant.ApiKey), incident);

        var by = acked.GetProperty("acknowledgedBy");
        Assert.Equal(("ApiKey", GlobalId.Encode("ApiKey", tenant.ApiKeyId)), (by.GetProperty("__typename").GetString(), by.GetProperty("id").GetString()));
        Assert.Equal($"test ({by.GetProperty("keyPrefix").GetString()})", by.GetProperty("displayName").GetString());
        Assert.Equal(by.GetProperty("displayName").GetString(), acked.GetProperty("acknowledgedByName").GetString());
    }

    [Fact]
    public async Task AcknowledgeIncident_ByUser_AcknowledgedByIsTheUser()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant, name: "Grace Hopper", email: "grace@example.com");
        var incident = await OpenIncidentAsync(tenant);

        var acked = await AcknowledgeAsync(api.GraphQL(TestPeople.UserBearer(user, tenant)), incident);

        var by = acked.GetProperty("acknowledgedBy");
        Assert.Equal(("User", GlobalId.Encode("User", user)), (by.GetProperty("__typename").GetString(), by.GetProperty("id").GetString()));
        Assert.Equal(("Grace Hopper", "grace@example.com"), (by.GetProperty("userName").GetString(), by.GetProperty("email").GetString()));
        Assert.Equal("Grace Hopper (grace@example.com)", by.GetProperty("displayName").GetString());
        Assert.Equal("Grace Hopper (grace@example.com)", acked.GetProperty("acknowledgedByName").GetString());
        Assert.Equal("Acknowledged by Grace Hopper (grace@example.com): on it", acked.GetProperty("resolutionNotes").GetString());
        // The list filters on the actor's global id.
        var filtered = await api.GraphQL(tenant.ApiKey).DataAsync(
            "query($by: ID!) { incidents(where: {acknowledgedById: {eq: $by}}) { totalCount } }", new { by = GlobalId.Encode("User", user) });
        Assert.Equal(1, filtered.GetProperty("incidents").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task IncidentChangedEvent_AcknowledgedByUser_CarriesTheUserActor()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant);
        var incident = await OpenIncidentAsync(tenant);
        await AcknowledgeAsync(api.GraphQL(TestPeople.UserBearer(user, tenant)), incident);

        // Replayed from the workspace's event log (its only event), so nothing depends on when the socket subscribed.
        var client = api.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { authorization = "Bearer " + tenant.ApiKey } });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, new { id = "s", type = "subscribe", payload = new
        {
            query = "subscription($after: String) { incidentChanged(after: $after) { change incident { acknowledgedBy { __typename id } } } }",
            variables = new { after = Api.Live.EventCursor.Encode(0) },
        } });

        var next = (await ReceiveAsync(socket, 30))!.Value;
        var changed = next.GetProperty("payload").GetProperty("data").GetProperty("incidentChanged");
        Assert.Equal("ACKNOWLEDGED", changed.GetProperty("change").GetString());
        Assert.Equal(("User", GlobalId.Encode("User", user)), TypeAndId(changed.GetProperty("incident").GetProperty("acknowledgedBy")));
    }

    [Fact]
    public async Task AuditLog_ForKeyUserAndPersonalKey_NamesWhoChangedIt()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant);
        var personal = await TestPeople.PersonalKeyAsync(api, tenant, user);
        var byKey = await CreateConnectionAsync(api.GraphQL(tenant.ApiKey), "by key");
        var byUser = await CreateConnectionAsync(api.GraphQL(TestPeople.UserBearer(user, tenant)), "by user");
        var byPersonalKey = await CreateConnectionAsync(api.GraphQL(TestPeople.PersonalKeyBearer(personal)), "by personal key");

        var entries = (await api.GraphQL(tenant.ApiKey).DataAsync(
            $"{{ auditLog(first: 10, where: {{entityType: {{eq: CONNECTION}}}}) {{ nodes {{ entityId apiKeyId actor {{ {Actor} }} }} }} }}"))
            .GetProperty("auditLog").GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("entityId").GetString()!, n => (Type: n.GetProperty("actor").GetProperty("__typename").GetString(), Id: n.GetProperty("actor").GetProperty("id").GetString()));

        Assert.Equal(("ApiKey", GlobalId.Encode("ApiKey", tenant.ApiKeyId)), entries[byKey]);
        Assert.Equal(("User", GlobalId.Encode("User", user)), entries[byUser]);
        Assert.Equal(("User", GlobalId.Encode("User", user)), entries[byPersonalKey]);
        await using var db = api.Database.CreateDqContext();
        var personalRow = await db.AuditLog.AsNoTracking().SingleAsync(a => a.EntityId == IdOf(byPersonalKey));
        Assert.Equal((personal, user), (personalRow.ApiKeyId!.Value, personalRow.UserId!.Value));
        var byActor = await api.GraphQL(tenant.ApiKey).DataAsync(
            "query($who: ID!) { auditLog(where: {actorId: {eq: $who}}) { totalCount } }", new { who = GlobalId.Encode("User", user) });
        Assert.Equal(2, byActor.GetProperty("auditLog").GetProperty("totalCount").GetInt32());
        var sorted = await api.GraphQL(tenant.ApiKey).DataAsync("{ auditLog(order: [{actorId: ASC}], where: {entityType: {eq: CONNECTION}}) { nodes { actor { id } } } }");
        Assert.Equal(3, sorted.GetProperty("auditLog").GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task QueryRuns_ByKeyUserAndTask_RunByIsWhoRan()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant, Domain.People.Roles.Operator);
        var queries = await QueryTestClient.CreateAsync(api.GraphQL(tenant.ApiKey), api.SourceConfig());
        var byKey = (await queries.RunAsync("SELECT 1 AS one")).GetProperty("result").GetProperty("id").GetString()!;
        var asUser = new QueryTestClient(api.GraphQL(TestPeople.UserBearer(user, tenant)), queries.ConnectionId);
        var byUser = (await asUser.RunAsync("SELECT 2 AS two")).GetProperty("result").GetProperty("id").GetString()!;
        var byTask = await RunTaskAsync(tenant, queries.ConnectionId);

        Assert.Equal(("ApiKey", GlobalId.Encode("ApiKey", tenant.ApiKeyId)), await RunByAsync(tenant, byKey));
        Assert.Equal(("User", GlobalId.Encode("User", user)), await RunByAsync(tenant, byUser));
        Assert.Equal(("ApiKey", GlobalId.Encode("ApiKey", tenant.ApiKeyId)), await RunByAsync(tenant, GlobalId.Encode("QueryResult", byTask)));
        var mine = await api.GraphQL(tenant.ApiKey).DataAsync(
            "query($who: ID!) { queryResults(where: {runById: {eq: $who}}) { nodes { id } } }", new { who = GlobalId.Encode("User", user) });
        Assert.Equal([byUser], mine.GetProperty("queryResults").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task SavedQueryOwner_IsTheUser_OrTheNewestKeyOfAServiceHolder()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant);
        var admin = api.GraphQL(tenant.ApiKey);
        var service = (await admin.DataAsync("mutation { createApiKey(input: {name: \"etl\", scopes: [\"read\", \"write\"]}) { key apiKey { id } } }")).GetProperty("createApiKey");
        var serviceQuery = await SaveQueryAsync(api.GraphQL(service.GetProperty("key").GetString()), "etl's");
        var userQuery = await SaveQueryAsync(api.GraphQL(TestPeople.UserBearer(user, tenant)), "ada's");

        Assert.Equal(("ApiKey", service.GetProperty("apiKey").GetProperty("id").GetString()), await OwnerAsync(admin, serviceQuery));
        Assert.Equal(("User", GlobalId.Encode("User", user)), await OwnerAsync(admin, userQuery));

        // Rotation hands the holder's queries to the new key; the owner follows.
        var rotated = (await admin.DataAsync($"mutation {{ rotateApiKey(id: \"{service.GetProperty("apiKey").GetProperty("id").GetString()}\") {{ apiKey {{ id }} }} }}"))
            .GetProperty("rotateApiKey").GetProperty("apiKey").GetProperty("id").GetString();
        Assert.Equal(("ApiKey", rotated), await OwnerAsync(admin, serviceQuery));
    }

    [Fact]
    public async Task ApiKeyCreatedBy_IsTheCreatingUserOrKey()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var user = await TestPeople.UserAsync(api, tenant);
        var byUser = await TestPeople.PersonalKeyAsync(api, tenant, user);
        var byKey = await TestPeople.PersonalKeyAsync(api, tenant, user);
        await using (var db = api.Database.CreateDqContext())
        {
            await db.ApiKeys.Where(k => k.Id == byUser).ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedById, user));
            await db.ApiKeys.Where(k => k.Id == byKey).ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedById, tenant.ApiKeyId));
        }

        var keys = (await api.GraphQL(tenant.ApiKey).DataAsync($"{{ apiKeys {{ nodes {{ id createdBy {{ {Actor} }} }} }} }}"))
            .GetProperty("apiKeys").GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("createdBy"));

        Assert.Equal(("User", GlobalId.Encode("User", user)), TypeAndId(keys[GlobalId.Encode("ApiKey", byUser)]));
        Assert.Equal(("ApiKey", GlobalId.Encode("ApiKey", tenant.ApiKeyId)), TypeAndId(keys[GlobalId.Encode("ApiKey", byKey)]));
        Assert.Equal(JsonValueKind.Null, keys[GlobalId.Encode("ApiKey", tenant.ApiKeyId)].ValueKind);
        var madeByUser = await api.GraphQL(tenant.ApiKey).DataAsync(
            "query($who: ID!) { apiKeys(where: {createdById: {eq: $who}}) { nodes { id } } }", new { who = GlobalId.Encode("User", user) });
        Assert.Equal([GlobalId.Encode("ApiKey", byUser)], madeByUser.GetProperty("apiKeys").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    internal static async Task<string> OpenIncidentAsync(TestTenant tenant, DqApiFactory api)
    {
        await GraphSeed.ChecksWithIncidentsAsync(api, tenant, 1, "actor");
        return (await api.GraphQL(tenant.ApiKey).DataAsync("{ incidents(where: {status: {eq: OPEN}}) { nodes { id } } }"))
            .GetProperty("incidents").GetProperty("nodes")[0].GetProperty("id").GetString()!;
    }

    private Task<string> OpenIncidentAsync(TestTenant tenant) => OpenIncidentAsync(tenant, api);

    private static async Task<JsonElement> AcknowledgeAsync(GraphQLClient client, string incident) =>
        (await client.DataAsync($"mutation {{ acknowledgeIncident(id: \"{incident}\", notes: \"on it\") {{ acknowledgedBy {{ {Actor} }} acknowledgedByName resolutionNotes }} }}"))
            .GetProperty("acknowledgeIncident");

    private static async Task<string> CreateConnectionAsync(GraphQLClient client, string name) =>
        (await client.DataAsync($"mutation {{ createConnection(input: {{name: \"{name}\", type: POSTGRESQL, config: {{host: \"db.internal\"}}}}) {{ id }} }}"))
            .GetProperty("createConnection").GetProperty("id").GetString()!;

    private static async Task<string> SaveQueryAsync(GraphQLClient client, string name) =>
        (await client.DataAsync($"mutation {{ createSavedQuery(input: {{name: \"{name}\", visibility: SHARED, query: \"SELECT 1\"}}) {{ id }} }}"))
            .GetProperty("createSavedQuery").GetProperty("id").GetString()!;

    private static async Task<(string?, string?)> OwnerAsync(GraphQLClient client, string savedQuery) =>
        TypeAndId((await client.DataAsync($"{{ node(id: \"{savedQuery}\") {{ ... on SavedQuery {{ owner {{ {Actor} }} }} }} }}")).GetProperty("node").GetProperty("owner"));

    private async Task<(string?, string?)> RunByAsync(TestTenant tenant, string run) =>
        TypeAndId((await api.GraphQL(tenant.ApiKey).DataAsync($"{{ node(id: \"{run}\") {{ ... on QueryResult {{ runBy {{ {Actor} }} }} }} }}")).GetProperty("node").GetProperty("runBy"));

    private async Task<Guid> RunTaskAsync(TestTenant tenant, string connectionId)
    {
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/task/query")
        {
            Content = JsonContent.Create(new { task_id = Guid.NewGuid(), connection_id = IdOf(connectionId), sql = "SELECT 3 AS three" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("query_id").GetGuid();
    }

    internal static (string?, string?) TypeAndId(JsonElement actor) => (actor.GetProperty("__typename").GetString(), actor.GetProperty("id").GetString());

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);
}
