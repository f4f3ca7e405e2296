using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
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
                    UserId = caller.PrincipalId,
                    Name = input.RequiredName(),
                    Query = RequiredSql(input),
                    Visibility = Visibility(input) ?? QueryVisibility.Private,
                    Parameters = Parameters(input) ?? [],
                };
                QueryTemplate.Validate(query.Query, query.Parameters);
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
                query.Parameters = Parameters(input) ?? query.Parameters;
                QueryTemplate.Validate(query.Query, query.Parameters);
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
        return query.UserId == caller.PrincipalId ? query : throw new ForbiddenException("owner");
    }

    // Saved SQL must be runnable: one reading statement, like every run.
    private static string RequiredSql(IDictionary<string, object?> input)
    {
        var sql = input.Value<string>("query");
        ReadOnlySql.Require(sql, "query");
        return sql!;
    }

    private static List<QueryParameter>? Parameters(IDictionary<string, object?> input) =>
        input.TryGetValue("parameters", out var given) && given is IEnumerable<object> list
            ? list.Cast<Dictionary<string, object?>>().Select(p => new QueryParameter(
                p.Value<string>("name")!,
                p["type"] is QueryParameterType type ? type : QueryParameterType.String,
                p.Value<string>("defaultValue"),
                p.GetValueOrDefault("required") is true)).ToList()
            : null;

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
        Field<StringGraphType>("visibility");
        Field<ListGraphType<NonNullGraphType<QueryParameterInputType>>>("parameters").Description("Replaces all declared parameters.");
    }
}
