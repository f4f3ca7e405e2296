using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Tenancy.Quotas;

public static class QuotaServiceCollectionExtensions
{
    /// <summary>Workspace quotas from <c>Dqp:Quotas</c> (see <see cref="QuotaOptions"/>), refused at start when a value is unusable.</summary>
    public static IServiceCollection AddDqpQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection("Dqp:Quotas"))
            .Validate(o => o.IsValid(), "Dqp:Quotas values must not be negative, and Dqp:Quotas:Organizations keys must be organization ids.")
            .ValidateOnStart();
        services.AddSingleton<WorkspaceQuotas>();
        services.AddScoped<WorkspaceQuotaReads>();
        return services;
    }
}
