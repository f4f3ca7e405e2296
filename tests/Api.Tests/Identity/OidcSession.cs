using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Domain.Connections;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DqPlatform.Api.Tests.Identity;

/// <summary>Test data for sign-in: organizations by slug with workspaces, and GraphQL over HTTP with a token and a workspace header.</summary>
public static class OidcSession
{
    public sealed record TestOrganization(Guid Id, string Slug, Guid[] Workspaces);

    /// <summary>
    /// An organization with <paramref name="workspaces"/> workspaces; against an <see cref="OidcApiFactory"/> its slug is
    /// one the providers may sign people into, unless <paramref name="allowed"/> is false.
    /// </summary>
    public static async Task<TestOrganization> OrganizationAsync(DqApiFactory api, int workspaces = 1, bool allowed = true)
    {
        await using var db = api.Database.CreateDqContext();
        var slug = allowed && api is OidcApiFactory oidc ? oidc.TakeAllowedSlug() : "org-" + Guid.NewGuid().ToString("N")[..10];
        var org = new Organization { Name = slug, Slug = slug };
        var created = Enumerable.Range(0, workspaces).Select(i => new Workspace { Organization = org, Name = $"{slug}-ws{i}" }).ToList();
        db.Workspaces.AddRange(created);
        await db.SaveChangesAsync();
        return new TestOrganization(org.Id, slug, [.. created.Select(w => w.Id)]);
    }

    /// <summary>A connection stored in <paramref name="workspaceId"/> (never connected to): something to hang checks on.</summary>
    public static async Task<string> ConnectionAsync(DqApiFactory api, Guid workspaceId)
    {
        await using var db = api.Database.CreateDqContext();
        var protector = api.Services.GetRequiredService<ConnectionConfigProtector>();
        var connection = new Connection
        {
            WorkspaceId = workspaceId, Name = "c-" + Guid.NewGuid().ToString("N")[..6], Type = ConnectionType.Postgresql,
            ConfigEncrypted = protector.Protect(JsonSerializer.Serialize(new { host = "db.invalid", port = 5432, database = "x", user = "x", password = "x" })),
        };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return DqPlatform.GraphQL.Relay.GlobalId.Encode("Connection", connection.Id);
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(DqApiFactory api, string token, string query, string? workspace = null, object? variables = null)
    {
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (workspace is not null)
        {
            request.Headers.Add("X-Dqp-Workspace", workspace);
        }

        var response = await http.SendAsync(request);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static string? CodeOf(JsonElement body) =>
        body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;

    public static Dictionary<string, object> Claims(string? org = null, string[]? groups = null, string? email = null, bool emailVerified = false, string orgClaim = "org", string groupsClaim = "groups")
    {
        var claims = new Dictionary<string, object>();
        if (org is not null)
        {
            claims[orgClaim] = org;
        }

        if (groups is not null)
        {
            claims[groupsClaim] = groups;
        }

        if (email is not null)
        {
            claims["email"] = email;
            claims["email_verified"] = emailVerified;
        }

        return claims;
    }
}
