using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>API key authentication, encryption of connection credentials at rest, and callers' display names.</summary>
    public static IServiceCollection AddDqpSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<People.UserAccess>();
        services.AddSingleton<ConnectionConfigProtector>();
        services.Configure<EncryptionOptions>(configuration.GetSection("Dqp:Encryption"));
        services.AddScoped<CallerNames>();
        services.AddScoped<CredentialReencryption>();
        services.AddScoped<Tenancy.ApiKeyStore>();
        services.AddScoped<Tenancy.WorkspaceStore>();
        return services;
    }
}
