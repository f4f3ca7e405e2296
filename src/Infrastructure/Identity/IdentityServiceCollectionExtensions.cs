using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Sign-in with the OpenID Connect providers under <c>Dqp:Identity:Providers</c> (none: API keys only).</summary>
    public static IServiceCollection AddDqpIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection("Dqp:Identity")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidation>());
        services.AddHttpClient(nameof(OidcTokenValidator), http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<OidcTokenValidator>();
        services.AddSingleton<UserProvisioning>();
        services.AddSingleton<TokenSignIn>();
        return services;
    }
}

/// <summary>
/// Refuses at start-up what would misbehave at sign-in: two providers with one issuer (a token's <c>iss</c> chooses its
/// provider, so one of them would silently never be used, with its organizations and roles), and a group mapped to a
/// role slug longer than a role slug can be.
/// </summary>
public sealed class IdentityOptionsValidation : IValidateOptions<IdentityOptions>
{
    public const int MaxRoleSlugLength = 64;

    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var failures = new List<string>();
        foreach (var group in options.Providers.GroupBy(p => p.Value.Authority.Trim().TrimEnd('/'), StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            failures.Add($"Identity providers {string.Join(", ", group.Select(p => $"'{p.Key}'"))} have the same Authority '{group.Key}': each issuer may be configured once (Dqp:Identity:Providers).");
        }

        foreach (var (provider, settings) in options.Providers)
        {
            foreach (var (group, role) in settings.GroupRoles.Where(r => r.Value.Trim().Length > MaxRoleSlugLength))
            {
                failures.Add($"Identity provider '{provider}' maps group '{group}' to a role slug longer than {MaxRoleSlugLength} characters.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
