using System.Text.Json;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Queries;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Tests.Datasets;

/// <summary>registerDataset, updateDataset, deleteDataset and the datasets lists: rules, roles, snapshots, isolation.</summary>
[Collection(HangfireServersCollection.Name)]
public sealed class DatasetMutationTests(CheckEngineFactory api) : IClassFixture<CheckEngineFactory>, IAsyncLifetime
{
    private const string Register = "mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id name schema table readRoles connection { id } } }";
    private const string Update = "mutation($input: UpdateDatasetInput!) { updateDataset(input: $input) { id name readRoles updatedAt } }";

    private TestTenant _tenant = null!;
    private GraphQLClient _admin = null!;
    private string _connection = "";

    public async Task InitializeAsync()
    {
        _tenant = await TestTenant.CreateAsync(api);
        _admin = api.GraphQL(_tenant.ApiKey);
        _connection = (await QueryTestClient.CreateAsync(_admin, api.SourceConfig())).ConnectionId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object Input(string connection, string table = "orders", string name = "Orders", params string[] readRoles) =>
        new { input = new { connectionId = connection, schema = "public", table, name, readRoles } };

    [Fact]
    public async Task RegisterDataset_AnswersTheAuditsDatasetId_AndListsFilterAndFind()
    {
        var created = (await _admin.DataAsync(Register, Input(_connection, readRoles: ["admin", "operator", "admin"]))).GetProperty("registerDataset");

        Assert.True(GlobalId.TryDecode(created.GetProperty("id").GetString()!, out var type, out Guid id));
        Assert.Equal(("Dataset", DatasetIds.For(Guid.Parse(GlobalIdUuid(_connection)), "public", "orders")), (type, id));
        Assert.Equal(["admin", "operator"], created.GetProperty("readRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(_connection, created.GetProperty("connection").GetProperty("id").GetString());

        var lists = await _admin.DataAsync("""
            { workspace { datasets(where: {table: {eq: "orders"}}, order: [{name: ASC}]) { totalCount nodes { name schema } } }
              datasets(where: {name: {eq: "nope"}}) { totalCount } }
            """);
        Assert.Equal(1, lists.GetProperty("workspace").GetProperty("datasets").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, lists.GetProperty("datasets").GetProperty("totalCount").GetInt32());
        var node = (await _admin.DataAsync($"{{ node(id: \"{created.GetProperty("id").GetString()}\") {{ ... on Dataset {{ name table }} }} }}")).GetProperty("node");
        Assert.Equal(("Orders", "orders"), (node.GetProperty("name").GetString(), node.GetProperty("table").GetString()));

        Assert.Equal("CONFLICT", await _admin.ErrorCodeAsync(Register, Input(_connection, name: "Orders again")));
    }

    [Fact]
    public async Task RegisterDataset_WithARoleTheOrganizationDoesNotHave_IsRefusedWithValidation()
    {
        Assert.Equal("VALIDATION", await _admin.ErrorCodeAsync(Register, Input(_connection, readRoles: ["admin", "pii-reader"])));
        Assert.Equal(0, (await _admin.DataAsync("{ datasets { totalCount } }")).GetProperty("datasets").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task RegisterDataset_OnAnotherWorkspacesConnection_IsNotFound()
    {
        var stranger = await TestTenant.CreateAsync(api);

        Assert.Equal("NOT_FOUND", await api.GraphQL(stranger.ApiKey).ErrorCodeAsync(Register, Input(_connection)));
    }

    [Fact]
    public async Task RegisterDataset_ForATableMissingFromTheSchemaRead_IsRefused_AndWithoutASchemaReadIsTakenOnTrust()
    {
        Assert.Equal("Later", (await _admin.DataAsync(Register, Input(_connection, "created_later", "Later")))
            .GetProperty("registerDataset").GetProperty("name").GetString());
        Assert.Equal("VALIDATION", await ErrorAfterSchemaReadAsync());

        async Task<string?> ErrorAfterSchemaReadAsync()
        {
            await _admin.DataAsync($"{{ node(id: \"{_connection}\") {{ ... on Connection {{ tables(refresh: true) {{ name }} }} }} }}");
            return await _admin.ErrorCodeAsync(Register, Input(_connection, "not_there", "Missing"));
        }
    }

    [Fact]
    public async Task UpdateAndDelete_NeedTheRightToReadTheDataset()
    {
        var id = (await _admin.DataAsync(Register, Input(_connection, readRoles: ["admin"]))).GetProperty("registerDataset").GetProperty("id").GetString()!;
        var writer = api.GraphQL(await KeyAsync(ApiKeyScopes.Read, ApiKeyScopes.Write));

        Assert.Equal("DATASET_FORBIDDEN", await writer.ErrorCodeAsync(Update, new { input = new { id, readRoles = Array.Empty<string>() } }));
        Assert.Equal("DATASET_FORBIDDEN", await writer.ErrorCodeAsync("mutation($id: ID!) { deleteDataset(id: $id) }", new { id }));

        var updated = (await _admin.DataAsync(Update, new { input = new { id, name = "Renamed", readRoles = new[] { "viewer" } } })).GetProperty("updateDataset");
        Assert.Equal(("Renamed", "viewer"), (updated.GetProperty("name").GetString(), updated.GetProperty("readRoles")[0].GetString()));
        Assert.Equal("VALIDATION", await _admin.ErrorCodeAsync(Update, new { input = new { id, readRoles = new[] { "superuser" } } }));
        Assert.Equal("NOT_FOUND", await api.GraphQL((await TestTenant.CreateAsync(api)).ApiKey).ErrorCodeAsync("mutation($id: ID!) { deleteDataset(id: $id) }", new { id }));
        Assert.Equal(id, (await _admin.DataAsync("mutation($id: ID!) { deleteDataset(id: $id) }", new { id })).GetProperty("deleteDataset").GetString());
        Assert.Equal(JsonValueKind.Null, (await _admin.DataAsync($"{{ node(id: \"{id}\") {{ id }} }}")).GetProperty("node").ValueKind);
    }

    private static string GlobalIdUuid(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id.ToString() : throw new ArgumentException(globalId);

    private async Task<string> KeyAsync(params string[] scopes)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(_tenant.WorkspaceId, "writer", scopes);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return plaintext;
    }
}
