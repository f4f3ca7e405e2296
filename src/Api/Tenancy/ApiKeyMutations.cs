using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Security;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Tenancy;

/// <summary>Create, revoke and rotate API keys (see <see cref="ApiKeyCommands"/>). The full key is returned once, at creation.</summary>
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
                return await c.Service<ApiKeyCommands>().CreateAsync(
                    () => input.RequiredName(), input.Strings("scopes"), input.Value<DateTimeOffset?>("expiresAt"),
                    input.Value<bool?>("personal") ?? false, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ApiKeyGraphType>>("revokeApiKey")
            .Description("Revokes a key; every API node refuses it within 5 seconds.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<ApiKeyCommands>().RevokeAsync(MutationSupport.IdOf(id, "ApiKey"), id, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<CreatedApiKeyGraphType>>("rotateApiKey")
            .Description("Replaces a key with a new one of the same name, scopes and expiry, and revokes the old one.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<ApiKeyCommands>().RotateAsync(MutationSupport.IdOf(id, "ApiKey"), id, c.CancellationToken);
            });
    }
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
            .Description("read, incidents:triage, checks:run, queries:run, write, keys:manage, members:manage, workspace:manage, org:admin.");
        Field<DateTimeScalar>("expiresAt");
        Field<BooleanGraphType>("personal")
            .Description("A personal key of the calling user (no keys:manage needed): it acts as the user, never beyond the user's roles of the moment, and ends with the user's access to the workspace. Default false: a service-account key (keys:manage).");
    }
}
