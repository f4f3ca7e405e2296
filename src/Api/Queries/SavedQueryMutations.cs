using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Queries;

public static class SavedQueryMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SavedQueryGraphType>>("createSavedQuery")
            .Argument<NonNullGraphType<CreateSavedQueryInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                return await c.Service<SavedQueryCommands>().CreateAsync(
                    input.Value<string>("name"), input.Value<string>("query"), input.Value<string>("visibility"), Parameters(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SavedQueryGraphType>>("updateSavedQuery")
            .Argument<NonNullGraphType<UpdateSavedQueryInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<SavedQueryCommands>().UpdateAsync(MutationSupport.IdOf(id, "SavedQuery"), id,
                    input.Has("name") ? input.Value<string>("name") ?? "" : null, input.Value<string>("query"), input.Has("query"),
                    input.Value<string>("visibility"), Parameters(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<IdGraphType>>("deleteSavedQuery")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                await c.Service<SavedQueryCommands>().DeleteAsync(MutationSupport.IdOf(id, "SavedQuery"), id, c.CancellationToken);
                return id;
            });
    }

    private static List<QueryParameter>? Parameters(IDictionary<string, object?> input) =>
        input.TryGetValue("parameters", out var given) && given is IEnumerable<object> list
            ? list.Cast<Dictionary<string, object?>>().Select(p => new QueryParameter(
                p.Value<string>("name")!,
                p["type"] is QueryParameterType type ? type : QueryParameterType.String,
                p.Value<string>("defaultValue"),
                p.GetValueOrDefault("required") is true)).ToList()
            : null;
}

public sealed class CreateSavedQueryInputType : InputObjectGraphType
{
    public CreateSavedQueryInputType()
    {
        Name = "CreateSavedQueryInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("query");
        Field<QueryVisibilityGraphType>("visibility").Description("PRIVATE (default) or SHARED.");
        Field<ListGraphType<NonNullGraphType<QueryParameterInputType>>>("parameters").Description("Every :name placeholder of the SQL, declared once.");
    }
}

public sealed class UpdateSavedQueryInputType : InputObjectGraphType
{
    public UpdateSavedQueryInputType()
    {
        Name = "UpdateSavedQueryInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("query");
        Field<QueryVisibilityGraphType>("visibility");
        Field<ListGraphType<NonNullGraphType<QueryParameterInputType>>>("parameters").Description("Replaces all declared parameters.");
    }
}
