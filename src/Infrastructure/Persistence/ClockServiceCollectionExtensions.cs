using DqPlatform.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DqPlatform.Infrastructure.Persistence;

public static class ClockServiceCollectionExtensions
{
    /// <summary>The system clock behind <see cref="IClock"/>, unless a test put a clock of its own first.</summary>
    public static IServiceCollection AddDqpClock(this IServiceCollection services)
    {
        services.TryAddSingleton<IClock, SystemClock>();
        return services;
    }
}
