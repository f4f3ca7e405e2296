using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using DqPlatform.TestSupport;
using Snapshooter.Xunit;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// The public schema is reviewed as a file: <c>schema/schema.graphql</c> must equal the SDL printed from the code.
/// After an intended change, regenerate it with <c>DQP_UPDATE_SCHEMA=1 scripts/test.sh</c> (or the single test) and
/// delete the Snapshooter file under <c>__snapshots__</c> so it is recorded again.
/// </summary>
public sealed class SchemaSnapshotTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public void SchemaFile_MatchesTheSchemaBuiltFromCode()
    {
        var sdl = api.Services.GetRequiredService<ISchema>().Print().ReplaceLineEndings("\n").TrimEnd() + "\n";
        var file = Path.Combine(RepositoryRoot.Path, "schema", "schema.graphql");
        if (Environment.GetEnvironmentVariable("DQP_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(file, sdl);
        }

        Assert.True(File.Exists(file), "schema/schema.graphql is missing; run with DQP_UPDATE_SCHEMA=1 to create it.");
        Assert.Equal(File.ReadAllText(file), sdl);
        sdl.MatchSnapshot();
    }
}
