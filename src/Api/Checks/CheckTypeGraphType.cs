using DqPlatform.Domain.Checks;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

/// <summary>A check type of the catalog, with its config fields, for forms and documentation.</summary>
public sealed class CheckTypeGraphType : ObjectGraphType<CheckType>
{
    public CheckTypeGraphType()
    {
        Name = "CheckType";
        Field(t => t.Name).Description("The value of `checkType` on a check definition.");
        Field(t => t.Target).Description("Whether the check needs a target column.");
        Field(t => t.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckConfigFieldGraphType>>>>("configFields").Resolve(c => c.Source.Fields);
    }
}

public sealed class CheckConfigFieldGraphType : ObjectGraphType<ConfigField>
{
    public CheckConfigFieldGraphType()
    {
        Name = "CheckConfigField";
        Field(f => f.Name);
        Field(f => f.Kind);
        Field(f => f.Required);
        Field(f => f.Description);
    }
}
