using System.Net;
using System.Text.Json;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Hosting;

public sealed class HealthEndpointsTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task Healthz_AnswersOk_WithoutTouchingDependencies()
    {
        var response = await api.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_AnswersOk_WhenPostgresAndRedisAnswer()
    {
        var response = await api.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }
}

/// <summary>A node whose Redis is down still serves, and /readyz says which dependency is missing.</summary>
public sealed class ReadyzWithRedisDownTests : IClassFixture<ReadyzWithRedisDownTests.RedisDownFactory>
{
    private readonly RedisDownFactory _api;

    public ReadyzWithRedisDownTests(RedisDownFactory api) => _api = api;

    [Fact]
    public async Task Readyz_WhenRedisIsDown_Answers503NamingRedis()
    {
        var response = await _api.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(checks.GetProperty("redis").GetProperty("reason").GetString()));
    }

    public sealed class RedisDownFactory : DqApiFactory
    {
        public override Task InitializeAsync()
        {
            // A port nothing listens on: the multiplexer keeps retrying in the background.
            RedisConnectionString = $"127.0.0.1:{FreePort.Next()},connectTimeout=500";
            return base.InitializeAsync();
        }
    }
}
