using System.Net;
using System.Security.Cryptography;
using System.Text;
using DqPlatform.Domain.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace DqPlatform.Api.Tests.Security;

/// <summary>
/// The Hangfire dashboard shows and runs every organization's jobs and the platform's own: an organization's admin
/// key opens none of it, in a header, a URL or a cookie; a platform operator signs in with a token posted once and is
/// carried by a short-lived signed session that does not contain the token.
/// </summary>
public sealed class JobsDashboardTests(JobsDashboardTests.OperatorFactory api) : IClassFixture<JobsDashboardTests.OperatorFactory>
{
    private const string OperatorToken = "operator-token-for-tests-0123456789";

    private HttpClient Client() => api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task JobsDashboard_WithOrganizationAdminKey_OpensNothing()
    {
        var admin = await TestTenant.CreateAsync(api, ApiKeyScopes.OrganizationAdmin, ApiKeyScopes.Read, ApiKeyScopes.Write);
        var client = Client();

        using var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Authorization = new("Bearer", admin.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(page)).StatusCode);

        var inUrl = await client.GetAsync(new Uri("/hangfire?key=" + admin.ApiKey, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, inUrl.StatusCode);
        Assert.False(inUrl.Headers.Contains("Set-Cookie"), "a key in the URL still set a cookie");

        var before = await TriggerCountAsync();
        using var trigger = Trigger();
        trigger.Headers.Authorization = new("Bearer", admin.ApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(trigger)).StatusCode);
        using var forged = Trigger();
        forged.Headers.Add("Cookie", "dqp_operator_session=ops." + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() + ".00");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
        Assert.Equal(before, await TriggerCountAsync());
    }

    [Fact]
    public async Task JobsDashboard_AfterOperatorSignsInOnce_RunsOnTheSession()
    {
        var client = Client();
        var wrong = await client.PostAsync(new Uri("/hangfire-login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "guess" }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var login = await client.PostAsync(new Uri("/hangfire-login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = OperatorToken }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.DoesNotContain(OperatorToken, cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var session = cookie.Split(';')[0];

        using var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(page)).StatusCode);

        var before = await TriggerCountAsync();
        using var trigger = Trigger();
        trigger.Headers.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(trigger)).StatusCode);
        Assert.Equal(before + 1, await TriggerCountAsync());

        // A tampered session (another name, a later expiry) is refused.
        var parts = session.Split('=', 2)[1].Split('.');
        using var tampered = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        tampered.Headers.Add("Cookie", $"dqp_operator_session={parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(tampered)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        bearer.Headers.Authorization = new("Bearer", OperatorToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
    }

    private static HttpRequestMessage Trigger() => new(HttpMethod.Post, "/hangfire/recurring/trigger")
    {
        Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", "job-reaper")]),
    };

    // Each trigger of the recurring job creates one Hangfire job for JobReaper.
    private async Task<long> TriggerCountAsync()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%JobReaper%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public sealed class OperatorFactory : DqApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dqp:Operators:Tokens:ops", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorToken))));
        }
    }
}
