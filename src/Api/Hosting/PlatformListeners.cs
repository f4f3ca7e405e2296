using DqPlatform.Infrastructure.Connectors;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DqPlatform.Api.Hosting;

/// <summary>Tells the source guard which addresses this API listens on, once Kestrel has bound them.</summary>
public static class PlatformListeners
{
    public static WebApplication RegisterPlatformListeners(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            app.Services.GetRequiredService<PlatformEndpoints>().AddListeners(addresses);
        });
        return app;
    }
}
