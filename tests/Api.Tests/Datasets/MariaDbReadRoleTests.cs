using DqPlatform.Api.Auth;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace DqPlatform.Api.Tests.Datasets;

/// <summary>
/// MySQL/MariaDB say which tables a statement read only once it has run (result metadata), so read roles are enforced
/// conservatively there: a caller who may not read one of the connection's datasets runs nothing on it.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class MariaDbReadRoleTests(CheckEngineFactory api, MariaDbDatabase source)
    : IClassFixture<CheckEngineFactory>, IClassFixture<MariaDbDatabase>, IAsyncLifetime
{
    private TestTenant _tenant = null!;
    private Guid _connection;
    private string _secrets = "";

    public async Task InitializeAsync()
    {
        await source.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS salaries (id INT PRIMARY KEY, amount INT);
            CREATE TABLE IF NOT EXISTS teams (id INT PRIMARY KEY, name VARCHAR(50));
            INSERT IGNORE INTO salaries VALUES (1, 100), (2, 200);
            INSERT IGNORE INTO teams VALUES (1, 'data');
            """);
        _tenant = await TestTenant.CreateAsync(api);
        var admin = api.GraphQL(_tenant.ApiKey);
        var b = new MySqlConnectionStringBuilder(source.ConnectionString);
        var created = await admin.DataAsync(
            "mutation($config: JSON!) { createConnection(input: {name: \"maria\", type: MYSQL, config: $config}) { id } }",
            new { config = new { host = b.Server, port = b.Port, database = b.Database, user = b.UserID, password = b.Password, sslMode = "None" } });
        var connection = created.GetProperty("createConnection").GetProperty("id").GetString()!;
        _connection = GlobalId.TryDecode(connection, out _, out Guid id) ? id : throw new ArgumentException(connection);
        _secrets = (await admin.DataAsync(
            "mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }",
            new { input = new { connectionId = connection, schema = b.Database, table = "salaries", name = "Salaries", readRoles = new[] { Roles.Admin } } }))
            .GetProperty("registerDataset").GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task WithoutTheRole_EveryStatementOnTheConnectionIsRefused_AndAuditedAgainstTheDataset()
    {
        var answer = await RunAsync(await UserAsync(Roles.Operator), "SELECT name FROM teams");

        Assert.Equal((QueryStatus.Failed, "DATASET_FORBIDDEN"), (answer.Result.Status, answer.Result.ErrorCode));
        Assert.Contains("cannot say which tables", answer.Result.ErrorMessage, StringComparison.Ordinal);
        await using var data = api.Database.CreateDataContext();
        var audit = Assert.Single(data.QueryAudit.Where(a => a.QueryResultId == answer.Result.Id));
        Assert.True(audit.Refused);
        Assert.Equal(GlobalId.TryDecode(_secrets, out _, out Guid dataset) ? dataset : Guid.Empty, audit.DatasetId);
    }

    [Fact]
    public async Task WithTheRole_TheDatasetIsRead_AndAuditedAsRead()
    {
        var answer = await RunAsync(await UserAsync(Roles.Admin), "SELECT id, amount FROM salaries ORDER BY id");

        Assert.Equal(QueryStatus.Succeeded, answer.Result.Status);
        Assert.Equal(2, answer.Rows.Count);
        await using var data = api.Database.CreateDataContext();
        var audit = Assert.Single(data.QueryAudit.Where(a => a.QueryResultId == answer.Result.Id));
        Assert.False(audit.Refused);
        Assert.Equal(DatasetIds.For(_connection, new MySqlConnectionStringBuilder(source.ConnectionString).Database, "salaries"), audit.DatasetId);
    }

    private async Task<Caller> UserAsync(string workspaceRole)
    {
        var user = new User { Id = Guid.NewGuid(), Issuer = "https://issuer.test", ExternalId = Guid.NewGuid().ToString("N") };
        await using (var db = api.Database.CreateDqContext())
        {
            db.Users.Add(user);
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = _tenant.OrganizationId, UserId = user.Id });
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = _tenant.WorkspaceId, UserId = user.Id, Role = workspaceRole });
            await db.SaveChangesAsync();
        }

        return (await api.Services.GetRequiredService<UserAccess>().CallerAsync(user.Id, _tenant.WorkspaceId, CancellationToken.None))!;
    }

    private async Task<InteractiveAnswer> RunAsync(Caller caller, string sql)
    {
        using var scope = api.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestCaller>().Current = caller;
        return await scope.ServiceProvider.GetRequiredService<QueryRunCommands>().RunAsync(new QueryRunCommands.Ask(
            () => _connection, sql, null, _ => Guid.Empty, [], () => [], QueryMode.Interactive, QueryOutputFormat.Json, null, 60), CancellationToken.None);
    }
}
