using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.People;

namespace DqPlatform.Api.People;

/// <summary>People: <c>me</c>, memberships and roles, custom roles, and organizations made by platform operators.</summary>
public static class PeopleFeature
{
    public static IServiceCollection AddPeopleFeature(this IServiceCollection services)
    {
        services.AddOptions<PlatformOptions>().BindConfiguration("Dqp:Platform");
        services.AddScoped<PlatformOperators>();
        services.AddScoped<PeopleReads>();
        services.AddScoped<MembershipStore>();
        services.AddScoped<RoleStore>();
        services.AddScoped<OrganizationStore>();
        services.AddScoped<MemberCommands>();
        services.AddScoped<RoleCommands>();
        services.AddScoped<OrganizationCommands>();
        return services;
    }

    public static void Register(QueryType query) => MeQueries.Register(query);

    public static void Register(MutationType mutation)
    {
        MemberMutations.Register(mutation);
        RoleMutations.Register(mutation);
        OrganizationMutations.Register(mutation);
    }
}
