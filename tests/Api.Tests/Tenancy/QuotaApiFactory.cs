using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DqPlatform.Api.Tests.Tenancy;

/// <summary>
/// The API with small quotas (each kind a handful), and a settings source the test can change while the server runs,
/// as an operator would edit a configuration file: overrides apply without a restart.
/// </summary>
public sealed class QuotaApiFactory : DqApiFactory
{
    public const int Checks = 3;
    public const int Connections = 2;
    public const int SavedQueries = 3;
    public const int BatchQueries = 2;
    public const long ExportBytes = 1_000;
    public const int Keys = 3;
    public const int Workspaces = 2;
    public const int IntervalSeconds = 300;

    public LiveSettings Settings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Quotas:CheckDefinitions", Checks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:Connections", Connections.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:SavedQueries", SavedQueries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:ConcurrentBatchQueries", BatchQueries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:RetainedExportBytes", ExportBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:ApiKeys", Keys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:Workspaces", Workspaces.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Dqp:Quotas:ShortestScheduleInterval", "00:05:00");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.Add(Settings));
    }
}

/// <summary>Settings the test sets and reloads at run time (an <c>IOptionsMonitor</c> sees the change).</summary>
public sealed class LiveSettings : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Change(string key, string? value)
    {
        if (value is null)
        {
            Data.Remove(key);
        }
        else
        {
            Data[key] = value;
        }

        OnReload();
    }
}
