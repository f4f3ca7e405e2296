using DqPlatform.Api.Tests.Checks;
using DqPlatform.Domain.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DqPlatform.Api.Tests.Incidents;

/// <summary>The check engine with a clock the test moves forward, so a mute can end without waiting for it.</summary>
public sealed class IncidentManagementFactory : CheckEngineFactory
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Webhooks:AllowedHosts:0", "127.0.0.1");
        builder.ConfigureTestServices(services => services.RemoveAll<IClock>().AddSingleton<IClock>(Clock));
    }
}

/// <summary>The machine's time plus an offset the test sets.</summary>
public sealed class ShiftedClock : IClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
