using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL.Errors;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Errors;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;
using Filtering = DqPlatform.GraphQL.Lists.Filtering;

namespace DqPlatform.Api.GraphQL;

/// <summary>What every mutation resolver needs: reading its input map, decoding ids, the shape of a delete.</summary>
public static class MutationSupport
{
    public static T? Value<T>(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var v) && v is not null ? (T)Filtering.Parameterized.Convert(v, typeof(T))! : default;

    public static string[] Strings(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var v) && v is System.Collections.IEnumerable items and not string
            ? items.Cast<object?>().Select(i => i?.ToString() ?? "").ToArray()
            : [];

    public static bool Has(this IDictionary<string, object?> input, string name) => input.ContainsKey(name);

    public static string RequiredName(this IDictionary<string, object?> input, string name = "name", int max = Names.MaxLength) =>
        Names.Require(input.Value<string>(name), name, max);

    /// <summary>
    /// The uuid behind a global id of the expected type. Anything else (a raw UUID, another type's id, text that does
    /// not decode) is <c>BAD_USER_INPUT</c> naming <paramref name="field"/>; a well-formed id of another tenant's
    /// object decodes, and the use case answers NOT_FOUND for it.
    /// </summary>
    public static Guid IdOf(string globalId, string typeName, string field = "id")
    {
        try
        {
            return GlobalId.Require(globalId, [typeName], field);
        }
        catch (InvalidGlobalIdException e)
        {
            throw new BadUserInputException(e.Message, e.Field);
        }
    }

    /// <summary>The workspace's data, after checking the caller may write.</summary>
    public static WorkspaceData WritableData(IResolveFieldContext context)
    {
        context.RequestServices!.GetRequiredService<RequestCaller>().Require(ApiKeyScopes.Write);
        return context.RequestServices!.GetRequiredService<WorkspaceData>();
    }

    /// <summary><c>{field}(id: ID!): ID!</c> deleting one row of the caller's workspace (NOT_FOUND for anything else).</summary>
    public static void RegisterDelete<T>(ObjectGraphType mutation, string field, string typeName, Func<WorkspaceData, IQueryable<T>> scoped, string? description = null)
        where T : class =>
        mutation.Field<NonNullGraphType<IdGraphType>>(field)
            .Description(description)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var globalId = c.GetArgument<string>("id");
                var id = IdOf(globalId, typeName);
                var data = WritableData(c);
                return await data.RemoveAsync(scoped(data), id, c.CancellationToken) ? globalId : throw new NotFoundException(typeName, globalId);
            });
}
