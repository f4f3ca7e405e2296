using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Tenancy;

/// <summary>Create, revoke and rotate API keys (scope <c>keys:manage</c>). The full key is returned once, at creation.</summary>
public static class ApiKeyMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreatedApiKeyGraphType>>("createApiKey")
            .Description("Creates a key and returns it in full, this once: only a bcrypt hash is kept.")
            .Argument<NonNullGraphType<CreateApiKeyInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var caller = Manager(c);
                var scopes = input.Strings("scopes");
                var unknown = scopes.Where(s => !ApiKeyScopes.All.Contains(s)).ToList();
                if (scopes.Length == 0 || unknown.Count > 0)
                {
                    throw new ValidationException($"'scopes' must name at least one of: {string.Join(", ", ApiKeyScopes.All)}.", "scopes");
                }

                caller.RequireAuthorityOver(scopes);
                var expiresAt = input.Value<DateTimeOffset?>("expiresAt");
                if (expiresAt <= DateTimeOffset.UtcNow)
                {
                    throw new ValidationException("'expiresAt' must be in the future.", "expiresAt");
                }

                return await MintAsync(c, caller.WorkspaceId, input.RequiredName(), scopes, caller.CapExpiry(expiresAt));
            });

        mutation.Field<NonNullGraphType<ApiKeyGraphType>>("revokeApiKey")
            .Description("Revokes a key; every API node refuses it within 5 seconds.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var (caller, key) = await OwnKeyAsync(c, c.GetArgument<string>("id"));
                caller.RequireAuthorityOver(key.Scopes);
                key.RevokedAt ??= DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(c.Data().Db, c.CancellationToken);
                return key;
            });

        mutation.Field<NonNullGraphType<CreatedApiKeyGraphType>>("rotateApiKey")
            .Description("Replaces a key with a new one of the same name, scopes and expiry, and revokes the old one.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var (caller, old) = await OwnKeyAsync(c, c.GetArgument<string>("id"));
                caller.RequireAuthorityOver(old.Scopes);
                if (old.RevokedAt is not null)
                {
                    throw new ConflictException("A revoked key cannot be rotated; create a new one.");
                }

                old.RevokedAt = DateTimeOffset.UtcNow;
                return await MintAsync(c, old.WorkspaceId, old.Name, old.Scopes, caller.CapExpiry(old.ExpiresAt), old.PrincipalId);
            });
    }

    private static async Task<CreatedApiKey> MintAsync(IResolveFieldContext c, Guid workspaceId, string name, string[] scopes, DateTimeOffset? expiresAt, Guid? principalId = null)
    {
        var (key, plaintext) = ApiKeyGenerator.Create(workspaceId, name, scopes, expiresAt, principalId);
        var db = c.Data().Db;
        db.ApiKeys.Add(key);
        await MutationSupport.SaveAsync(db, c.CancellationToken);
        return new CreatedApiKey(key, plaintext);
    }

    private static async Task<(Caller Caller, ApiKey Key)> OwnKeyAsync(IResolveFieldContext c, string globalId)
    {
        var caller = Manager(c);
        var id = MutationSupport.IdOf(globalId, "ApiKey");
        return (caller, await c.Data().ApiKeys.SingleOrDefaultAsync(k => k.Id == id, c.CancellationToken) ?? throw new NotFoundException("ApiKey", globalId));
    }

    private static Caller Manager(IResolveFieldContext c) => c.Service<RequestCaller>().Require(ApiKeyScopes.ManageKeys);

}

public sealed record CreatedApiKey(ApiKey ApiKey, string Key);

public sealed class CreatedApiKeyGraphType : ObjectGraphType<CreatedApiKey>
{
    public CreatedApiKeyGraphType()
    {
        Name = "CreatedApiKey";
        Field<NonNullGraphType<ApiKeyGraphType>>("apiKey").Resolve(c => c.Source.ApiKey);
        Field<NonNullGraphType<StringGraphType>>("key").Description("The full key (dqp_…). Shown this once; store it now.").Resolve(c => c.Source.Key);
    }
}

public sealed class CreateApiKeyInputType : InputObjectGraphType
{
    public CreateApiKeyInputType()
    {
        Name = "CreateApiKeyInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .Description("read, write, checks:run, queries:run, keys:manage, org:admin.");
        Field<DateTimeScalar>("expiresAt");
    }
}
