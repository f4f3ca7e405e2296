using DqPlatform.Api.Auth;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.GraphQL.Http;
using DqPlatform.Infrastructure.People;
using DqPlatform.Infrastructure.Persistence;
using GraphQL;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.People;

/// <summary>
/// The API over a source database (interactive queries only: no Hangfire server), where GraphQL over HTTP also takes
/// a signed-in user. Sign-in itself (OpenID Connect, personal keys) is built elsewhere; these tests are about what a
/// user caller leaves behind, so the user is authenticated the way sign-in will end: <see cref="UserAccess"/> turns
/// their memberships into the <c>Caller</c>.
/// </summary>
public sealed class ActorApiFactory : CheckEngineFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Jobs:RunServer", "false");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<HttpAuthentication>();
            services.AddSingleton<IHttpAuthentication, UserOrKeyAuthentication>();
        });
    }

    /// <summary>
    /// <c>Bearer user:{userId}:{workspaceId}</c> is that user in that workspace; <c>Bearer personal:{keyId}</c> is the
    /// user a personal key (<c>api_keys.user_id</c>) belongs to, calling with that key; anything else is an API key.
    /// </summary>
    private sealed class UserOrKeyAuthentication(HttpAuthentication keys, UserAccess users, IServiceScopeFactory scopes) : IHttpAuthentication
    {
        public async ValueTask<ExecutionError?> AuthenticateAsync(HttpContext context)
        {
            var bearer = BearerTokens.From(context.Request) ?? "";
            var parts = bearer.Split(':');
            if (parts is not ["user", _, _] and not ["personal", _])
            {
                return await keys.AuthenticateAsync(context);
            }

            Domain.Tenancy.Caller? caller;
            if (parts[0] == "user")
            {
                caller = await users.CallerAsync(Guid.Parse(parts[1]), Guid.Parse(parts[2]), context.RequestAborted);
            }
            else
            {
                await using var scope = scopes.CreateAsyncScope();
                var key = await scope.ServiceProvider.GetRequiredService<DqDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Id == Guid.Parse(parts[1]));
                caller = await users.CallerAsync(key.UserId!.Value, key.WorkspaceId, context.RequestAborted) is { } user
                    ? user with { ApiKeyId = key.Id, Scopes = user.Scopes.Where(key.Scopes.Contains).ToHashSet() }
                    : null;
            }

            context.RequestServices.GetRequiredService<RequestCaller>().Current = caller;
            return caller is null ? new ExecutionError("Unknown user.") { Code = "UNAUTHENTICATED" } : null;
        }

        public bool HasCaller(HttpContext context) => keys.HasCaller(context);

        public bool IsUnauthenticated(ExecutionError error) => keys.IsUnauthenticated(error);
    }
}
