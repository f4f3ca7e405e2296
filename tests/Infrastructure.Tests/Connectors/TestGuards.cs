using DqPlatform.Infrastructure.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Tests.Connectors;

/// <summary>The source guard as a development set-up has it: loopback sources allowed, no platform stores configured.</summary>
public static class TestGuards
{
    public static SourceTargetGuard Loopback(IDictionary<string, string?>? configuration = null, SourceOptions? options = null)
    {
        options ??= new SourceOptions { AllowLoopback = true };
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        return new SourceTargetGuard(new PlatformEndpoints(config, Options.Create(options)), Options.Create(options));
    }
}
