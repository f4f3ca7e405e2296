using System.Text.Json;
using DqPlatform.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tests.People;

/// <summary>An actor of another organization never resolves: <c>node(id:)</c> answers null and actor fields answer null.</summary>
public sealed class ActorIsolationTests(ActorApiFactory api) : IClassFixture<ActorApiFactory>
{
    [Fact]
    public async Task NodeOfUser_InTheCallersOrganization_Resolves_AndOtherwiseIsNull()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var other = await TestTenant.CreateAsync(api);
        var colleague = await TestPeople.UserAsync(api, tenant, name: "Colleague", email: "colleague@example.com");
        var stranger = await TestPeople.UserAsync(api, other, name: "Stranger");
        const string Query = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id name email displayName } } }";

        var asKey = (await api.GraphQL(tenant.ApiKey).DataAsync(Query, new { ids = new[] { GlobalId.Encode("User", colleague), GlobalId.Encode("User", stranger) } }))
            .GetProperty("nodes");
        var asUser = (await api.GraphQL(TestPeople.UserBearer(colleague, tenant)).DataAsync(Query, new { ids = new[] { GlobalId.Encode("User", stranger) } }))
            .GetProperty("nodes");

        Assert.Equal(("Colleague", "colleague@example.com"), (asKey[0].GetProperty("name").GetString(), asKey[0].GetProperty("email").GetString()));
        Assert.Equal(JsonValueKind.Null, asKey[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, asUser[0].ValueKind);
    }

    [Fact]
    public async Task ActorFields_NamingAnotherOrganizationsUserOrKey_OrADeletedUser_AnswerNull()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var other = await TestTenant.CreateAsync(api);
        var stranger = await TestPeople.UserAsync(api, other);
        var leaver = await TestPeople.UserAsync(api, tenant);
        var incident = await ActorFieldsTests.OpenIncidentAsync(tenant, api);
        await AcknowledgeAsync(api.GraphQL(TestPeople.UserBearer(leaver, tenant)), incident);
        var connection = (await api.GraphQL(TestPeople.UserBearer(leaver, tenant)).DataAsync(
            "mutation { createConnection(input: {name: \"left behind\", type: POSTGRESQL, config: {host: \"db.internal\"}}) { id } }"))
            .GetProperty("createConnection").GetProperty("id").GetString();
        Assert.Equal(("User", GlobalId.Encode("User", leaver)), await AcknowledgedByAsync(tenant, incident));

        await using var db = api.Database.CreateDqContext();
        await db.Users.Where(u => u.Id == leaver).ExecuteDeleteAsync();
        Assert.Null(await AcknowledgedByAsync(tenant, incident));
        Assert.Null(await AuditActorAsync(tenant, connection!));
        Assert.Equal("Ada Lovelace", (await api.GraphQL(tenant.ApiKey).DataAsync($"{{ node(id: \"{incident}\") {{ ... on Incident {{ acknowledgedByName }} }} }}"))
            .GetProperty("node").GetProperty("acknowledgedByName").GetString()!.Split(" (")[0]);

        var id = Guid.Parse(GlobalId.TryDecode(incident, out _, out string key) ? key : "");
        foreach (var foreign in new[] { stranger, other.ApiKeyId })
        {
            await db.Incidents.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcknowledgedById, foreign));
            Assert.Null(await AcknowledgedByAsync(tenant, incident));
        }

        // The stranger resolves for their own tenant: the nulls above are isolation, not a broken loader.
        var theirs = await ActorFieldsTests.OpenIncidentAsync(other, api);
        await AcknowledgeAsync(api.GraphQL(TestPeople.UserBearer(stranger, other)), theirs);
        Assert.Equal(("User", GlobalId.Encode("User", stranger)), await AcknowledgedByAsync(other, theirs));
    }

    private static Task AcknowledgeAsync(GraphQLClient client, string incident) =>
        client.DataAsync($"mutation {{ acknowledgeIncident(id: \"{incident}\") {{ status }} }}");

    private async Task<(string?, string?)?> AcknowledgedByAsync(TestTenant tenant, string incident)
    {
        var by = (await api.GraphQL(tenant.ApiKey).DataAsync($"{{ node(id: \"{incident}\") {{ ... on Incident {{ acknowledgedBy {{ __typename id }} }} }} }}"))
            .GetProperty("node").GetProperty("acknowledgedBy");
        return by.ValueKind == JsonValueKind.Null ? null : ActorFieldsTests.TypeAndId(by);
    }

    private async Task<(string?, string?)?> AuditActorAsync(TestTenant tenant, string entity)
    {
        var actor = (await api.GraphQL(tenant.ApiKey).DataAsync("query($e: ID!) { auditLog(where: {entityId: {eq: $e}}) { nodes { actor { __typename id } } } }", new { e = entity }))
            .GetProperty("auditLog").GetProperty("nodes")[0].GetProperty("actor");
        return actor.ValueKind == JsonValueKind.Null ? null : ActorFieldsTests.TypeAndId(actor);
    }
}
