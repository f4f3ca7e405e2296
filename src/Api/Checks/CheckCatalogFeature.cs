using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

/// <summary>The catalog of check types, for clients that build check forms.</summary>
public static class CheckCatalogFeature
{
    public static void Register(QueryType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckTypeGraphType>>>>("checkTypes")
            .Description("The check catalog: every check type with its config fields.")
            .Resolve(_ => CheckCatalog.All);
}
