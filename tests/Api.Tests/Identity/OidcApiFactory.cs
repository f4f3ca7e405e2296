using DqPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>
/// The API with two OpenID Connect providers configured, each a real issuer on a loopback port (<see cref="TestOidcIssuer"/>),
/// and a third issuer nobody configured (a stranger whose tokens and keys must be refused).
/// </summary>
public sealed class OidcApiFactory : DqApiFactory
{
    public const string Audience = "dqp-api";
    public const string SecondAudience = "dqp-second";

    public TestOidcIssuer Main { get; private set; } = null!;

    /// <summary>The second provider: organization in claim <c>tenant</c>, groups in <c>roles</c>, and a long refresh interval.</summary>
    public TestOidcIssuer Second { get; private set; } = null!;

    public TestOidcIssuer Stranger { get; private set; } = null!;

    /// <summary>
    /// The organization slugs both providers may sign people into (their <c>Organizations</c>): tests create their
    /// organizations under these (<see cref="OidcSession.OrganizationAsync"/>); any other slug is refused.
    /// </summary>
    private readonly string[] _allowedSlugs = [.. Enumerable.Range(0, 100).Select(_ => "org-" + Guid.NewGuid().ToString("N")[..10])];
    private int _taken;

    /// <summary>A slug the providers allow, never handed out before.</summary>
    public string TakeAllowedSlug() => _allowedSlugs[Interlocked.Increment(ref _taken) - 1];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Main = await TestOidcIssuer.StartAsync();
        Second = await TestOidcIssuer.StartAsync();
        Stranger = await TestOidcIssuer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Main.DisposeAsync();
        await Second.DisposeAsync();
        await Stranger.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Identity:Providers:main:Authority", Main.Authority);
        builder.UseSetting("Dqp:Identity:Providers:main:Audience", Audience);
        builder.UseSetting("Dqp:Identity:Providers:main:RequireHttpsMetadata", "false");
        builder.UseSetting("Dqp:Identity:Providers:main:ClockSkew", "00:00:01");
        builder.UseSetting("Dqp:Identity:Providers:main:RefreshInterval", "00:00:01");
        builder.UseSetting("Dqp:Identity:Providers:main:GroupRoles:dq-viewers", "viewer");
        builder.UseSetting("Dqp:Identity:Providers:main:GroupRoles:dq-editors", "editor");
        builder.UseSetting("Dqp:Identity:Providers:second:Authority", Second.Authority + "/");
        builder.UseSetting("Dqp:Identity:Providers:second:Audience", SecondAudience);
        builder.UseSetting("Dqp:Identity:Providers:second:RequireHttpsMetadata", "false");
        builder.UseSetting("Dqp:Identity:Providers:second:OrganizationClaim", "tenant");
        builder.UseSetting("Dqp:Identity:Providers:second:GroupsClaim", "roles");
        builder.UseSetting("Dqp:Identity:Providers:second:GroupRoles:Admins", "admin");
        builder.UseSetting("Dqp:Identity:Providers:second:RefreshInterval", "01:00:00");
        for (var i = 0; i < _allowedSlugs.Length; i++)
        {
            builder.UseSetting($"Dqp:Identity:Providers:main:Organizations:{i}", _allowedSlugs[i]);
            builder.UseSetting($"Dqp:Identity:Providers:second:Organizations:{i}", _allowedSlugs[i]);
        }
    }
}
