using DqPlatform.Api.Auth;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Filtering = DqPlatform.GraphQL.Lists.Filtering;

namespace DqPlatform.Api.GraphQL;

/// <summary>What every mutation needs: reading its input map, decoding ids, saving with constraint errors mapped.</summary>
public static class MutationSupport
{
    public static T? Value<T>(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var v) && v is not null ? (T)Filtering.Parameterized.Convert(v, typeof(T))! : default;

    public static string[] Strings(this IDictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var v) && v is System.Collections.IEnumerable items and not string
            ? items.Cast<object?>().Select(i => i?.ToString() ?? "").ToArray()
            : [];

    public static bool Has(this IDictionary<string, object?> input, string name) => input.ContainsKey(name);

    public static string RequiredName(this IDictionary<string, object?> input, string name = "name", int max = 255)
    {
        var value = input.Value<string>(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            throw new ValidationException($"'{name}' must not be empty.", name);
        }

        return value.Length <= max ? value : throw new ValidationException($"'{name}' is longer than {max} characters.", name);
    }

    /// <summary>The uuid behind a global id of the expected type; anything else is NOT_FOUND, as for another tenant's id.</summary>
    public static Guid IdOf(string globalId, string typeName) =>
        GlobalId.TryDecode(globalId, out string type, out Guid id) && type == typeName ? id : throw new NotFoundException(typeName, globalId);

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
                // Loaded and removed (not a bulk DELETE) so the audit trail sees it; the database cascades to children.
                var entity = await scoped(data).SingleOrDefaultAsync(x => EF.Property<Guid>(x, "Id") == id, c.CancellationToken)
                    ?? throw new NotFoundException(typeName, globalId);
                data.Db.Remove(entity);
                await SaveAsync(data.Db, c.CancellationToken);
                return globalId;
            });

    public static async Task SaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The object was changed by someone else meanwhile; read it again and retry.");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            throw new ConflictException($"That name is already taken ({pg.ConstraintName}).");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            throw new ConflictException("The object is still referenced and cannot be changed this way.");
        }
    }
}
