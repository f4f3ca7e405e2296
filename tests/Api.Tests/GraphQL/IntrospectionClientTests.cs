using System.Text.Json;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// The tools that read the schema, run against the real server process: graphql-js' <c>buildClientSchema</c> on the
/// standard introspection query with every combination of its options, and GraphQL Code Generator from the live URL.
/// </summary>
public sealed class IntrospectionClientTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task GraphQLJs_StandardIntrospection_WithEveryCombinationOfOptions_BuildsAClientSchema()
    {
        var tenant = await TestTenant.CreateAsync(api);
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);

        var report = await ConformanceScript.RunAsync("introspection.mjs", server.BaseUrl, tenant.ApiKey);

        // 64 combinations of the six options and the default query, each with and without a key.
        Assert.Equal(130, report.GetProperty("runs").GetInt32());
        Assert.True(report.GetProperty("failures").GetArrayLength() == 0, "refused or unusable: " + report.GetProperty("failures"));
        var all = report.GetProperty("all");
        Assert.Equal("https://scalars.graphql.org/andimarek/date-time", all.GetProperty("specifiedByURL").GetProperty("DateTime").GetString());
        Assert.True(all.GetProperty("directivesAnswerIsRepeatable").GetBoolean(), all.ToString());
        Assert.Contains(all.GetProperty("directives").EnumerateArray(), d => d.GetProperty("name").GetString() == "specifiedBy");
        Assert.True(all.GetProperty("inputValuesAnswerIsDeprecated").GetBoolean(), all.ToString());
        Assert.True(all.GetProperty("oneOfAnswered").GetBoolean(), all.ToString());
        Assert.True(all.GetProperty("schemaDescriptionAnswered").GetBoolean(), all.ToString());
        Assert.True(all.GetProperty("operationErrors").GetArrayLength() == 0, all.GetProperty("operationErrors").ToString());
    }

    [Theory]
    [InlineData(true, "all")]
    [InlineData(false, "default")]
    public async Task CodeGenerator_FromTheLiveUrl_GeneratesTheSchemasTypes(bool withKey, string introspectionOptions)
    {
        var key = withKey ? (await TestTenant.CreateAsync(api)).ApiKey : null;
        await using var server = await ApiProcess.StartAsync(api.Database.ConnectionString, api.RedisConnectionString, api.EncryptionKey);

        var report = await ConformanceScript.RunAsync("codegen.mjs", key is null ? [server.BaseUrl, introspectionOptions] : [server.BaseUrl, introspectionOptions, key]);

        var file = Assert.Single(report.GetProperty("files").EnumerateArray());
        var code = file.GetProperty("content").GetString()!;
        Assert.Contains("export type Query = {", code, StringComparison.Ordinal);
        Assert.Contains("export type Incident = Node & {", code, StringComparison.Ordinal);
        Assert.Contains("export enum IncidentStatus {", code, StringComparison.Ordinal);
        Assert.Contains("Scalars['DateTime']['output']", code, StringComparison.Ordinal);
    }
}
