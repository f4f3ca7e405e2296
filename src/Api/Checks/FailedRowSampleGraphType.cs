using DqPlatform.Domain.Checks.Samples;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

/// <summary>Rows a failing run of a row-level check kept, decrypted for the caller (see README, Failed-row samples).</summary>
public sealed class FailedRowSampleGraphType : ObjectGraphType<FailedRowSample>
{
    public FailedRowSampleGraphType()
    {
        Name = "FailedRowSample";
        Description = "Rows that broke the rule on this run, as text (NULL stays null); masked columns hold a keyed hash or a redaction marker.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FailedSampleColumnGraphType>>>>("columns")
            .Resolve(c => c.Source.Columns.Select((name, i) => new FailedSampleColumn(name, i < c.Source.Masks.Count ? c.Source.Masks[i] : null)).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<StringGraphType>>>>>("rows")
            .Description("One list of values per row, in the order of `columns`.").Resolve(c => c.Source.Rows);
        Field<NonNullGraphType<IntGraphType>>("rowCount").Resolve(c => c.Source.Rows.Count);
        Field(s => s.Truncated).Description("Rows were left out, or long values cut, to stay within the byte cap (Dqp:Checks:Samples:MaxBytes).");
        Field(s => s.Note, nullable: true).Description("Why the sample is cut or empty (the sample query could not run), when it is.");
    }
}

/// <summary>A sampled column and how its values were masked before they were stored.</summary>
public sealed record FailedSampleColumn(string Name, SampleMask? Mask);

public sealed class FailedSampleColumnGraphType : ObjectGraphType<FailedSampleColumn>
{
    public FailedSampleColumnGraphType()
    {
        Name = "FailedSampleColumn";
        Field(c => c.Name);
        Field<NonNullGraphType<BooleanGraphType>>("masked").Resolve(c => c.Source.Mask is not null);
        Field<EnumerationGraphType<SampleMask>>("mask").Description("HASH (keyed SHA-256, hex) or REDACT; null when shown as read.")
            .Resolve(c => c.Source.Mask);
    }
}
