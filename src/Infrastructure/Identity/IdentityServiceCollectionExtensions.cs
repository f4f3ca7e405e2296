using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Sign-in with the OpenID Connect providers under <c>Dqp:Identity:Providers</c> (none: API keys only).</summary>
    public static IServiceCollection AddDqpIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdentityOptions>(configuration.GetSection("Dqp:Identity"));
        services.AddHttpClient(nameof(OidcTokenValidator), http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<OidcTokenValidator>();
        services.AddSingleton<UserProvisioning>();
        services.AddSingleton<TokenSignIn>();
        return services;
    }
}
