using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Api.Auth;
using DqPlatform.Api.Queries;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.Api.Tests.Queries;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Datasets;

/// <summary>
/// Read roles of datasets, enforced by the query service before a statement runs, over a real PostgreSQL source.
/// People act as users with memberships stored in the database, turned into callers by <see cref="UserAccess"/> (the
/// path sign-in and personal keys take) and running through <see cref="QueryRunCommands"/>, the service behind
/// runQuery; service-account keys act over HTTP.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class DatasetReadRoleTests(QueryServiceFactory api) : IClassFixture<QueryServiceFactory>, IAsyncLifetime
{
    private const string PiiReader = "pii-reader";

    // Sleeps 30 s per row once it runs: a refusal answered sooner than that cannot have run it.
    private const string SleepsIfRun = "SELECT c.name, pg_sleep(30) FROM customers c WHERE c.vip";

    private TestTenant _tenant = null!;
    private GraphQLClient _admin = null!;
    private string _connection = "";
    private string _customers = "";

    public async Task InitializeAsync()
    {
        await api.ExecuteOnSourceAsync("""
            CREATE OR REPLACE VIEW vip_customers AS SELECT email, name FROM customers WHERE vip;
            CREATE TABLE IF NOT EXISTS payroll (id int NOT NULL, amount int) PARTITION BY RANGE (id);
            CREATE TABLE IF NOT EXISTS payroll_low PARTITION OF payroll FOR VALUES FROM (0) TO (100);
            CREATE TABLE IF NOT EXISTS payroll_high PARTITION OF payroll FOR VALUES FROM (100) TO (200);
            CREATE OR REPLACE FUNCTION vip_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM customers WHERE vip';
            """);
        _tenant = await TestTenant.CreateAsync(api);
        _admin = api.GraphQL(_tenant.ApiKey);
        _connection = (await QueryTestClient.CreateAsync(_admin, api.SourceConfig())).ConnectionId;
        await using (var db = api.Database.CreateDqContext())
        {
            db.CustomRoles.Add(new CustomRole
            {
                Id = Guid.NewGuid(), OrganizationId = _tenant.OrganizationId, Slug = PiiReader, Name = "PII reader",
                Scopes = [ApiKeyScopes.Read, ApiKeyScopes.RunQueries],
            });
            await db.SaveChangesAsync();
        }

        _customers = (await RegisterAsync(_admin, _connection, "customers", "Customer PII", PiiReader)).GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Guid IdOf(string globalId) => GlobalId.TryDecode(globalId, out _, out Guid id) ? id : throw new ArgumentException(globalId);

    private static async Task<JsonElement> RegisterAsync(GraphQLClient client, string connection, string table, string name, params string[] roles) =>
        (await client.DataAsync(
            "mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id name schema table readRoles connection { id } } }",
            new { input = new { connectionId = connection, schema = "public", table, name, readRoles = roles } })).GetProperty("registerDataset");

    /// <summary>A user of the tenant's organization with a workspace role (and an organization-wide one), as a caller.</summary>
    private async Task<Caller> UserAsync(string? workspaceRole, string? organizationRole = null)
    {
        var user = new User { Id = Guid.NewGuid(), Issuer = "https://issuer.test", ExternalId = Guid.NewGuid().ToString("N"), Email = "someone@example.com" };
        await using (var db = api.Database.CreateDqContext())
        {
            db.Users.Add(user);
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = _tenant.OrganizationId, UserId = user.Id, Role = organizationRole });
            if (workspaceRole is not null)
            {
                db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = _tenant.WorkspaceId, UserId = user.Id, Role = workspaceRole });
            }

            await db.SaveChangesAsync();
        }

        return await api.Services.GetRequiredService<UserAccess>().CallerAsync(user.Id, _tenant.WorkspaceId, CancellationToken.None)
            ?? throw new InvalidOperationException("the user reaches no workspace");
    }

    private async Task<InteractiveAnswer> RunAsync(Caller caller, string sql, string mode = QueryMode.Interactive)
    {
        using var scope = api.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<RequestCaller>().Current = caller;
        return await scope.ServiceProvider.GetRequiredService<QueryRunCommands>().RunAsync(new QueryRunCommands.Ask(
            () => IdOf(_connection), sql, null, _ => Guid.Empty, [], () => [], mode,
            mode == QueryMode.Batch ? QueryOutputFormat.Csv : QueryOutputFormat.Json, null, 60), CancellationToken.None);
    }

    private async Task<JsonElement> RunOfAsync(Guid runId) =>
        (await _admin.DataAsync($"{{ node(id: \"{GlobalId.Encode("QueryResult", runId)}\") {{ ... on QueryResult {{ status errorCode errorMessage durationMs rowCount audit {{ datasetId refused resultRowCount dataset {{ id name }} }} }} }} }}"))
        .GetProperty("node");

    /// <summary>Asserts the run was refused for exactly <paramref name="datasets"/>, audited as refused, and did not run.</summary>
    private async Task AssertRefusedAsync(InteractiveAnswer answer, params string[] datasets)
    {
        Assert.Empty(answer.Rows);
        var run = await RunOfAsync(answer.Result.Id);
        Assert.Equal(("FAILED", "DATASET_FORBIDDEN"), (run.GetProperty("status").GetString(), run.GetProperty("errorCode").GetString()));
        Assert.InRange(run.GetProperty("durationMs").GetInt32(), 0, 29_999);
        var message = run.GetProperty("errorMessage").GetString()!;
        Assert.Contains("'Customer PII' (public.customers)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", message, StringComparison.OrdinalIgnoreCase);
        var audit = run.GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(datasets.Order(), audit.Select(a => a.GetProperty("dataset").GetProperty("id").GetString()!).Order());
        Assert.All(audit, a => Assert.True(a.GetProperty("refused").GetBoolean()));
        Assert.All(audit, a => Assert.Equal(0, a.GetProperty("resultRowCount").GetInt32()));
    }

    [Fact]
    public async Task AHolderOfAReadRole_ReadsTheDataset_AndTheAuditLinksIt()
    {
        var reader = await UserAsync(PiiReader);
        Assert.Contains(PiiReader, reader.Roles);

        var answer = await RunAsync(reader, "SELECT name FROM customers WHERE vip ORDER BY name");

        Assert.Equal(QueryStatus.Succeeded, answer.Result.Status);
        Assert.Equal(7, answer.Rows.Count);
        var audit = Assert.Single((await RunOfAsync(answer.Result.Id)).GetProperty("audit").EnumerateArray());
        Assert.False(audit.GetProperty("refused").GetBoolean());
        Assert.Equal(("Customer PII", _customers), (audit.GetProperty("dataset").GetProperty("name").GetString(), audit.GetProperty("dataset").GetProperty("id").GetString()));
        Assert.Equal(IdOf(_customers), DatasetIds.For(IdOf(_connection), "public", "customers"));
    }

    [Fact]
    public async Task AnotherRole_IsRefusedBeforeTheStatementRuns_AndTheRefusalIsAudited()
    {
        var operatorUser = await UserAsync(Roles.Operator);

        var answer = await RunAsync(operatorUser, SleepsIfRun);

        await AssertRefusedAsync(answer, _customers);
    }

    [Fact]
    public async Task AJoinOfAnOpenAndAForbiddenTable_IsRefused_NamingOnlyTheForbiddenOne()
    {
        await RegisterAsync(_admin, _connection, "orders", "Orders");
        var editor = await UserAsync(Roles.Editor);

        var answer = await RunAsync(editor, "SELECT o.id, c.name, pg_sleep(30) FROM orders o JOIN customers c ON c.email = o.customer_email WHERE c.vip");

        await AssertRefusedAsync(answer, _customers);
    }

    [Theory]
    [InlineData("SELECT name, pg_sleep(30) FROM vip_customers")]
    [InlineData("WITH c AS MATERIALIZED (SELECT email FROM customers) SELECT count(*), pg_sleep(30) FROM orders WHERE customer_email IN (SELECT email FROM c)")]
    [InlineData("SELECT id, pg_sleep(30) FROM orders WHERE amount > (SELECT count(*) FROM customers)")]
    [InlineData("SELECT (SELECT max(name) FROM customers c WHERE c.email = o.customer_email), pg_sleep(30) FROM orders o")]
    public async Task ViewsCtesAndSubqueries_OverAForbiddenTable_AreRefused(string sql)
    {
        var answer = await RunAsync(await UserAsync(Roles.Operator), sql);

        await AssertRefusedAsync(answer, _customers);
    }

    [Theory]
    [InlineData("SELECT sum(amount) FROM payroll")]
    [InlineData("SELECT amount FROM payroll WHERE id = 150")]
    [InlineData("SELECT amount FROM payroll_low")]
    public async Task APartitionedDataset_IsRefusedThroughItsPartitions_AndAPartitionReadDirectly(string sql)
    {
        var payroll = (await RegisterAsync(_admin, _connection, "payroll", "Payroll", PiiReader)).GetProperty("id").GetString()!;

        var refused = await RunAsync(await UserAsync(Roles.Operator), sql);
        var allowed = await RunAsync(await UserAsync(PiiReader), sql);

        var run = await RunOfAsync(refused.Result.Id);
        Assert.Equal(("FAILED", "DATASET_FORBIDDEN"), (run.GetProperty("status").GetString(), run.GetProperty("errorCode").GetString()));
        Assert.Equal(payroll, Assert.Single(run.GetProperty("audit").EnumerateArray()).GetProperty("dataset").GetProperty("id").GetString());
        Assert.Equal(QueryStatus.Succeeded, allowed.Result.Status);
    }

    [Fact]
    public async Task TablesThatAreNotRestricted_AreReadAsBefore()
    {
        await RegisterAsync(_admin, _connection, "orders", "Orders");
        var operatorUser = await UserAsync(Roles.Operator);

        var answer = await RunAsync(operatorUser, "SELECT o.id FROM orders o JOIN side_effects s ON true WHERE o.id < 3 UNION ALL SELECT 1");

        Assert.Equal(QueryStatus.Succeeded, answer.Result.Status);
    }

    [Theory]
    [InlineData("SELECT query_to_xml('select * from customers', true, false, ''), pg_sleep(30)")]
    [InlineData("SELECT table_to_xml('public.customers', true, false, ''), pg_sleep(30)")]
    [InlineData("SELECT query_to_xml_and_xmlschema('select email from customers', true, false, ''), pg_sleep(30)")]
    [InlineData("SELECT vip_count(), pg_sleep(30) FROM orders WHERE id = 1")]
    public async Task FunctionsThatReadTablesThePlanDoesNotName_AreRefused_AsReadingEveryForbiddenDataset(string sql)
    {
        var answer = await RunAsync(await UserAsync(Roles.Operator), sql);

        await AssertRefusedAsync(answer, _customers);
    }

    [Fact]
    public async Task HarmlessBuiltIns_OnAnOpenTable_StillRun_BesideARestrictedDataset()
    {
        var answer = await RunAsync(await UserAsync(Roles.Operator),
            "SELECT lower(customer_email), now() <= now(), count(*) FROM orders WHERE length(customer_email) > 0 GROUP BY 1 ORDER BY 1 LIMIT 5");

        Assert.Equal(QueryStatus.Succeeded, answer.Result.Status);
        Assert.Equal(5, answer.Rows.Count);
    }

    [Fact]
    public async Task ABuiltInReadRole_AdmitsTheRolesAboveIt_AndNotThoseBelow()
    {
        var orders = (await RegisterAsync(_admin, _connection, "orders", "Orders", Roles.Editor)).GetProperty("id").GetString()!;

        var admin = await RunAsync(await UserAsync(Roles.Admin), "SELECT count(*) FROM orders");
        var editor = await RunAsync(await UserAsync(Roles.Editor), "SELECT count(*) FROM orders");
        var operatorUser = await RunAsync(await UserAsync(Roles.Operator), "SELECT count(*) FROM orders");
        var custom = await RunAsync(await UserAsync(PiiReader), "SELECT count(*) FROM orders");

        Assert.Equal((QueryStatus.Succeeded, QueryStatus.Succeeded), (admin.Result.Status, editor.Result.Status));
        foreach (var refused in new[] { operatorUser, custom })
        {
            var run = await RunOfAsync(refused.Result.Id);
            Assert.Equal(("FAILED", "DATASET_FORBIDDEN"), (run.GetProperty("status").GetString(), run.GetProperty("errorCode").GetString()));
            Assert.Equal(orders, Assert.Single(run.GetProperty("audit").EnumerateArray()).GetProperty("dataset").GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABatchRun_IsJudgedByItsSubmittersAccessWhenItStarts(bool keepsMembership)
    {
        var reader = await UserAsync(PiiReader);
        var userId = reader.UserId!.Value;
        var request = new QueryRunRequest(_tenant.OrganizationId, _tenant.WorkspaceId, userId, IdOf(_connection), "SELECT name FROM customers",
            [], new Dictionary<string, string?>(), QueryMode.Batch, QueryOutputFormat.Csv)
        { Reader = DatasetReader.Of(reader), SubmitterUserId = userId };
        using var scope = api.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<QueryRuns>();
        var queued = await runs.CreateBatchAsync(request, CancellationToken.None);

        // Before the worker starts: the role is taken away (or the membership removed).
        await using (var db = api.Database.CreateDqContext())
        {
            var member = await db.WorkspaceMembers.SingleAsync(m => m.WorkspaceId == _tenant.WorkspaceId && m.UserId == userId);
            if (keepsMembership)
            {
                member.Role = Roles.Operator;
            }
            else
            {
                db.WorkspaceMembers.Remove(member);
            }

            await db.SaveChangesAsync();
        }

        api.Services.GetRequiredService<UserAccess>().Forget(userId, [_tenant.WorkspaceId]);
        await runs.RunBatchAsync(queued.Id, request, CancellationToken.None);

        var run = await RunOfAsync(queued.Id);
        Assert.Equal(("FAILED", keepsMembership ? "DATASET_FORBIDDEN" : "FORBIDDEN"), (run.GetProperty("status").GetString(), run.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task TheOwner_ReadsRestrictedDatasets()
    {
        var owner = await UserAsync(null, Roles.Owner);

        var answer = await RunAsync(owner, "SELECT count(*) FROM customers");

        Assert.Equal(QueryStatus.Succeeded, answer.Result.Status);
    }

    [Fact]
    public async Task ABatchRun_IsJudgedByItsSubmittersRoles_AndRefusedBeforeItRuns()
    {
        var submitted = await RunAsync(await UserAsync(Roles.Operator), SleepsIfRun, QueryMode.Batch);
        var allowed = await RunAsync(await UserAsync(PiiReader), "SELECT name FROM customers", QueryMode.Batch);
        var queries = new QueryTestClient(_admin, _connection);

        var refused = await queries.WaitAsync(GlobalId.Encode("QueryResult", submitted.Result.Id), "SUCCEEDED", "FAILED");
        var read = await queries.WaitAsync(GlobalId.Encode("QueryResult", allowed.Result.Id), "SUCCEEDED", "FAILED");

        Assert.Equal(("FAILED", "DATASET_FORBIDDEN"), (refused.GetProperty("status").GetString(), refused.GetProperty("errorCode").GetString()));
        Assert.True(refused.GetProperty("audit")[0].GetProperty("datasetId").GetGuid() == IdOf(_customers));
        Assert.Equal(("SUCCEEDED", 50), (read.GetProperty("status").GetString(), read.GetProperty("rowCount").GetInt32()));
    }

    [Fact]
    public async Task AServiceAccountKey_WithoutOrgAdmin_IsRefusedOverGraphQLAndRest_AndTheAdminKeyReads()
    {
        var key = await KeyAsync(ApiKeyScopes.Read, ApiKeyScopes.RunQueries);
        var service = new QueryTestClient(api.GraphQL(key), _connection);

        var refused = (await service.RunAsync(SleepsIfRun)).GetProperty("result");
        var admin = (await new QueryTestClient(_admin, _connection).RunAsync("SELECT count(*) FROM customers")).GetProperty("result");

        Assert.Equal(("FAILED", "DATASET_FORBIDDEN"), (refused.GetProperty("status").GetString(), refused.GetProperty("errorCode").GetString()));
        Assert.Equal("SUCCEEDED", admin.GetProperty("status").GetString());

        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/task/query")
        {
            Content = JsonContent.Create(new { task_id = Guid.NewGuid(), connection_id = IdOf(_connection), sql = SleepsIfRun }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("DATASET_FORBIDDEN", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ACustomSqlCheck_OnARestrictedTable_StillRuns()
    {
        var check = (await _admin.DataAsync(
            "mutation($c: ID!, $cfg: JSON!) { createCheck(input: {connectionId: $c, name: \"pii count\", checkType: \"custom_sql\", targetTable: \"customers\", config: $cfg, severity: ERROR}) { id } }",
            new { c = _connection, cfg = JsonSerializer.Deserialize<JsonElement>("""{"sql": "SELECT count(*) FROM customers", "max": 100}""") }))
            .GetProperty("createCheck").GetProperty("id").GetString()!;
        var job = (await _admin.DataAsync($"mutation {{ runCheck(id: \"{check}\") {{ id }} }}")).GetProperty("runCheck").GetProperty("id").GetString()!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement node;
        while ((node = (await _admin.DataAsync($"{{ node(id: \"{job}\") {{ ... on Job {{ status result {{ sensorValue rulePassed }} }} }} }}")).GetProperty("node"))
            .GetProperty("status").GetString() is not ("COMPLETED" or "FAILED"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the check did not finish within 60 s");
            await Task.Delay(200);
        }

        Assert.Equal("COMPLETED", node.GetProperty("status").GetString());
        Assert.Equal((50m, true), (decimal.Parse(node.GetProperty("result").GetProperty("sensorValue").GetString()!, System.Globalization.CultureInfo.InvariantCulture), node.GetProperty("result").GetProperty("rulePassed").GetBoolean()));
    }

    private async Task<string> KeyAsync(params string[] scopes)
    {
        await using var db = api.Database.CreateDqContext();
        var (key, plaintext) = ApiKeyGenerator.Create(_tenant.WorkspaceId, "service", scopes);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return plaintext;
    }
}
