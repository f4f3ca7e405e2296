using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Infrastructure.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>The demo workspace's source and checks, which the run command seeds at start-up.</summary>
    public static IServiceCollection AddDqpDemo(this IServiceCollection services) => services.AddScoped<DemoSeeder>().AddScoped<DemoMonitors>();
}
