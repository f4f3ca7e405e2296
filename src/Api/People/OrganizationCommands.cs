using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.People;

namespace DqPlatform.Api.People;

/// <summary>
/// New organizations, by the platform's operators only (<c>Dqp:Platform:Operators</c>): the operator becomes its Owner
/// and it starts with one workspace. Without an identity provider the run command's bootstrap makes organizations
/// instead (README, "People and roles").
/// </summary>
public sealed class OrganizationCommands(OrganizationStore organizations, PlatformOperators operators, UserAccess access, Auth.RequestCaller caller)
{
    public const int SlugMaxLength = 100;

    public async Task<Organization> CreateAsync(string? name, string? slug, string? workspaceName, CancellationToken cancellationToken)
    {
        var who = caller.Current ?? throw new UnauthenticatedException();
        if (who.UserId is not { } user || !await operators.IsOperatorAsync(user, cancellationToken))
        {
            throw new PlatformOperatorRequiredException();
        }

        // A signed-in session, or a key that may administer organizations: not any (read-only) personal key of an operator.
        if (who.ApiKeyId is not null && !who.Has(ApiKeyScopes.OrganizationAdmin))
        {
            throw new ForbiddenException(ApiKeyScopes.OrganizationAdmin);
        }

        var organization = await organizations.CreateAsync(
            Names.Require(name), Slugs.Require(slug, "slug", SlugMaxLength), Names.Require(workspaceName ?? "default", "workspaceName"), user, cancellationToken);
        access.Forget(user, []);
        return organization;
    }
}
