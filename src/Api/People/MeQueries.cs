using DqPlatform.Api.Auth;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Infrastructure.People;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.People;

/// <summary>
/// <c>me</c>: the user behind the call, for a signed-in person or a personal key. A service-account key is nobody:
/// <c>me</c> answers null for it (its own description is <c>apiKeys</c>'), and without credentials UNAUTHENTICATED.
/// It needs no workspace, so a user of several workspaces can find out which to name.
/// </summary>
public static class MeQueries
{
    public static void Register(ObjectGraphType query) =>
        query.Field<MeGraphType>("me")
            .Description("The signed-in user (or a personal key's user): their organizations, workspaces, roles and scopes here. Null for a service-account key.")
            .ResolveAsync(async c =>
            {
                var caller = c.Service<RequestCaller>().Current ?? throw new UnauthenticatedException();
                if (caller.UserId is not { } userId)
                {
                    return null;
                }

                var reads = c.Service<PeopleReads>();
                var user = await reads.UserAsync(userId, c.CancellationToken) ?? throw new UnauthenticatedException();
                return new MeView(user, caller, await reads.OrganizationsAsync(userId, c.CancellationToken), await reads.WorkspacesAsync(userId, c.CancellationToken));
            });
}
