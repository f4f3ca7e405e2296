using DqPlatform.GraphQL.Execution;
using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

public sealed class LimitsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task QueryDeeperThanTheLimit_IsRefusedBeforeExecution()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var nested = string.Concat(Enumerable.Repeat("check { activeIncident { ", 8)) + "id" + string.Concat(Enumerable.Repeat(" } }", 8));
        var (response, body) = await api.GraphQL(tenant.ApiKey).SendAsync($"{{ incidents {{ nodes {{ {nested} }} }} }}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task QueryCostlierThanTheLimit_IsRefused()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var query = "{ checkDefinitions(first: 100) { nodes { results(first: 100) { nodes { check { incidents(first: 100) { nodes { id severity } } } } } } } }";

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", await api.GraphQL(tenant.ApiKey).ErrorCodeAsync(query));
    }

    [Fact]
    public async Task CachedDocument_IsStillPricedWithEachRequestsVariables()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var query = "query($n: Int) { checkDefinitions(first: $n) { nodes { results(first: $n) { nodes { check { incidents(first: $n) { nodes { id severity } } } } } } } }";

        var (cheap, _) = await client.SendAsync(query, new { n = 1 }); // parsed, validated and cached
        Assert.Equal(System.Net.HttpStatusCode.OK, cheap.StatusCode);
        Assert.True(api.Services.GetServices<global::GraphQL.DI.IConfigureExecution>().OfType<DocumentCache>().Single().Contains(query));
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", await client.ErrorCodeAsync(query, new { n = 100 })); // same text from the cache, priced again
        var (again, body) = await client.SendAsync(query, new { n = 2 });
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        Assert.False(body.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task CachedDocumentWithoutVariables_IsPricedAgainForAnotherOperation()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);
        var query = """
            query Cheap { checkDefinitions(first: 1) { nodes { id } } }
            query Costly { checkDefinitions(first: 100) { nodes { results(first: 100) { nodes { check { incidents(first: 100) { nodes { id } } } } } } } }
            """;

        var (cheap, _) = await client.SendAsync(query, operationName: "Cheap");
        Assert.Equal(System.Net.HttpStatusCode.OK, cheap.StatusCode);
        Assert.True(api.Services.GetServices<global::GraphQL.DI.IConfigureExecution>().OfType<DocumentCache>().Single().Contains(query));
        var (costly, body) = await client.SendAsync(query, operationName: "Costly");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, costly.StatusCode);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task OversizedRequest_Answers413()
    {
        var (response, _) = await api.GraphQL(null).SendAsync("{ __typename }", new { padding = new string('x', 1_100_000) });

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

public sealed class IntrospectionSwitchTests(IntrospectionSwitchTests.IntrospectionOffFactory api) : IClassFixture<IntrospectionSwitchTests.IntrospectionOffFactory>
{
    [Fact]
    public async Task IntrospectionSwitchedOff_IsRefused_WhileQueriesStillRun()
    {
        var tenant = await TestTenant.CreateAsync(api);
        var client = api.GraphQL(tenant.ApiKey);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", await client.ErrorCodeAsync("{ __schema { types { name } } }"));
        var data = await client.DataAsync("{ workspace { name } }");
        Assert.StartsWith("ws-", data.GetProperty("workspace").GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    public sealed class IntrospectionOffFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:GraphQL:Introspection", "false");
        }
    }
}
