using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>Custom roles of the organization (<c>org:admin</c>), named by slug; see <see cref="RoleCommands"/>.</summary>
public static class RoleMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<RoleGraphType>>("createRole")
            .Description("Defines a custom role: a named set of the existing scopes. Its slug may not be a built-in role's.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .ResolveAsync(async c => RoleView.Of(await c.Service<RoleCommands>().CreateAsync(
                c.GetArgument<string>("slug"), c.GetArgument<string>("name"), Scopes(c) ?? [], c.CancellationToken)));

        mutation.Field<NonNullGraphType<RoleGraphType>>("updateRole")
            .Description("Renames a custom role or replaces its scopes; its holders act with them within seconds.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<StringGraphType>("name")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("scopes")
            .ResolveAsync(async c => RoleView.Of(await c.Service<RoleCommands>().UpdateAsync(
                c.GetArgument<string>("slug"), c.GetArgument<string?>("name"), Scopes(c), c.CancellationToken)));

        mutation.Field<NonNullGraphType<StringGraphType>>("deleteRole")
            .Description("Deletes a custom role nobody holds (CONFLICT while anyone does); answers its slug.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c =>
            {
                await c.Service<RoleCommands>().DeleteAsync(c.GetArgument<string>("slug"), c.CancellationToken);
                return c.GetArgument<string>("slug");
            });
    }

    private static string[]? Scopes(IResolveFieldContext c) => c.GetArgument<List<string>?>("scopes")?.ToArray();
}
