using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

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
                var caller = c.Service<RequestCaller>().Require(ApiKeyScopes.Write);
                var data = c.Data();
                var query = new SavedQuery
                {
                    OrgId = caller.OrganizationId,
                    WorkspaceId = caller.WorkspaceId,
                    UserId = caller.ApiKeyId,
                    Name = input.RequiredName(),
                    Query = RequiredSql(input),
                    Visibility = Visibility(input) ?? QueryVisibility.Private,
                };
                data.QueryDb.SavedQueries.Add(query);
                await MutationSupport.SaveAsync(data.QueryDb, c.CancellationToken);
                return query;
            });

        mutation.Field<NonNullGraphType<SavedQueryGraphType>>("updateSavedQuery")
            .Argument<NonNullGraphType<UpdateSavedQueryInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var query = await OwnedAsync(c, input.Value<string>("id")!);
                var name = input.Has("name") ? input.RequiredName() : query.Name;
                var sql = input.Has("query") ? RequiredSql(input) : query.Query;
                query.Visibility = Visibility(input) ?? query.Visibility;
                query.Name = name;
                query.Query = sql;
                query.UpdatedAt = DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(c.Data().QueryDb, c.CancellationToken);
                return query;
            });

        mutation.Field<NonNullGraphType<IdGraphType>>("deleteSavedQuery")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var query = await OwnedAsync(c, c.GetArgument<string>("id"));
                var db = c.Data().QueryDb;
                db.SavedQueries.Remove(query);
                await MutationSupport.SaveAsync(db, c.CancellationToken);
                return c.GetArgument<string>("id");
            });
    }

    /// <summary>Only the owner changes a saved query; a shared one is readable by the workspace, not writable.</summary>
    private static async Task<SavedQuery> OwnedAsync(IResolveFieldContext c, string globalId)
    {
        var caller = c.Service<RequestCaller>().Require(ApiKeyScopes.Write);
        var id = MutationSupport.IdOf(globalId, "SavedQuery");
        var data = c.Data();
        var query = await data.SavedQueries.SingleOrDefaultAsync(q => q.Id == id, c.CancellationToken) ?? throw new NotFoundException("SavedQuery", globalId);
        return query.UserId == caller.ApiKeyId ? query : throw new ForbiddenException("owner");
    }

    private static string RequiredSql(IDictionary<string, object?> input)
    {
        var sql = input.Value<string>("query");
        return string.IsNullOrWhiteSpace(sql) ? throw new ValidationException("'query' must not be empty.", "query")
            : sql.Length > 100_000 ? throw new ValidationException("'query' is longer than 100,000 characters.", "query") : sql;
    }

    private static string? Visibility(IDictionary<string, object?> input)
    {
        var value = input.Value<string>("visibility");
        return value is null or QueryVisibility.Private or QueryVisibility.Shared
            ? value
            : throw new ValidationException("'visibility' must be 'private' or 'shared'.", "visibility");
    }
}

public sealed class CreateSavedQueryInputType : InputObjectGraphType
{
    public CreateSavedQueryInputType()
    {
        Name = "CreateSavedQueryInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("query");
        Field<StringGraphType>("visibility").Description("private (default) or shared.");
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
        Field<StringGraphType>("visibility");
    }
}
