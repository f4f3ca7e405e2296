using DqPlatform.GraphQL.Lists.Projection;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>What a field reads decides which columns a list page loads: a wrong answer would serve default values.</summary>
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

    [Fact]
    public void AnExpressionFieldWhoseResolverWasReplaced_MayReadAnything()
    {
        var type = new ObjectGraphType<Domain.Incidents.Incident>();
        var plain = type.Field(i => i.Severity).FieldType;
        var replaced = type.Field(i => i.Status).Resolve(c => c.Source.ResolvedAt is null ? c.Source.Status : c.Source.Status).FieldType;

        Assert.Equal(["Severity"], ColumnReads.Of(plain));
        Assert.Null(ColumnReads.Of(replaced));
    }

    private FieldType FieldOf(string type, string field)
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        return ((IComplexGraphType)schema.AllTypes[type]!).GetField(field)!;
    }
}
