using DqPlatform.GraphQL.Lists.Projection;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// What a field reads decides which columns a list page loads: a wrong answer would serve default values. The product's
/// fields here; how fields made from expressions and replaced resolvers read is GraphQL.Tests' ColumnReadsTests.
/// </summary>
public sealed class ColumnReadsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Theory]
    [InlineData("Incident", "severity", "Severity")] // Field(i => i.Severity)
    [InlineData("Incident", "check", "CheckId")] // declared
    [InlineData("Incident", "id", "")] // the key, always loaded
    [InlineData("CheckDefinition", "latestResult", "LatestResultId,LatestResultAt")]
    [InlineData("Connection", "config", "ConfigEncrypted")]
    public void Fields_ReadWhatTheirResolversRead(string type, string field, string reads)
    {
        Assert.Equal(reads.Split(',', StringSplitOptions.RemoveEmptyEntries), ColumnReads.Of(FieldOf(type, field)));
    }

    [Theory]
    [InlineData("Connection", "tables")] // hands the whole connection to the schema reader
    [InlineData("CheckDefinition", "results")] // a nested list declares nothing
    public void UndeclaredFields_MayReadAnything(string type, string field)
    {
        Assert.Null(ColumnReads.Of(FieldOf(type, field)));
    }

    private FieldType FieldOf(string type, string field)
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        return ((IComplexGraphType)schema.AllTypes[type]!).GetField(field)!;
    }
}
