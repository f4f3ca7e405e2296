using DqPlatform.GraphQL.Lists.Projection;
using GraphQL.Types;

namespace DqPlatform.GraphQL.Tests.Lists;

/// <summary>What a field reads decides which columns a list page loads: a wrong answer would serve default values.</summary>
public sealed class ColumnReadsTests
{
    [Fact]
    public void AnExpressionFieldWhoseResolverWasReplaced_MayReadAnything()
    {
        var type = new ObjectGraphType<Row>();
        var plain = type.Field(i => i.Severity).FieldType;
        var replaced = type.Field(i => i.Status).Resolve(c => c.Source.ResolvedAt is null ? c.Source.Status : c.Source.Status).FieldType;

        // Also fails if GraphQL.NET renames the metadata key under which Field(x => x.Property) records the property.
        Assert.Equal(["Severity"], ColumnReads.Of(plain));
        Assert.Null(ColumnReads.Of(replaced));
    }

    [Fact]
    public void DeclaredReads_AreWhatTheFieldReads_UndeclaredFieldsMayReadAnything()
    {
        var type = new ObjectGraphType<Row>();
        var declared = type.Field<StringGraphType>("summary").Resolve(c => $"{c.Source.Status} {c.Source.Severity}")
            .Reads(nameof(Row.Status), nameof(Row.Severity)).FieldType;
        var keyOnly = type.Field<IdGraphType>("key").Resolve(c => c.Source.Id).Reads().FieldType;
        var undeclared = type.Field<StringGraphType>("other").Resolve(c => c.Source.Status).FieldType;

        Assert.Equal(["Status", "Severity"], ColumnReads.Of(declared));
        Assert.Empty(ColumnReads.Of(keyOnly)!);
        Assert.Null(ColumnReads.Of(undeclared));
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Severity { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset? ResolvedAt { get; init; }
    }
}
