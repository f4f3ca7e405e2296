using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Security;

namespace DqPlatform.Api.Tests;

/// <summary>Posts GraphQL requests as a client would, with an API key.</summary>
public sealed class GraphQLClient(HttpClient http, string? apiKey)
{
    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(string query, object? variables = null, string? traceParent = null, string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables, operationName }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response, body);
    }

    /// <summary>Sends and fails the test on any GraphQL error; returns <c>data</c>.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        var (_, body) = await SendAsync(query, variables);
        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        return body.GetProperty("data");
    }

    /// <summary>Sends and returns the first error's <c>extensions.code</c>.</summary>
    public async Task<string?> ErrorCodeAsync(string query, object? variables = null)
    {
        var (_, body) = await SendAsync(query, variables);
        Assert.True(body.TryGetProperty("errors", out var errors), "expected an error, got " + body);
        return errors[0].GetProperty("extensions").GetProperty("code").GetString();
    }
}

/// <summary>A tenant (organization + workspace) with an API key, created straight in the database.</summary>
public sealed record TestTenant(Guid OrganizationId, Guid WorkspaceId, Guid ApiKeyId, string ApiKey)
{
    public static async Task<TestTenant> CreateAsync(DqApiFactory api, params string[] scopes)
    {
        await using var db = api.Database.CreateDqContext();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var org = new Organization { Name = "org-" + suffix };
        var ws = new Workspace { Organization = org, Name = "ws-" + suffix };
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        var (key, plaintext) = ApiKeyGenerator.Create(ws.Id, "test", scopes.Length == 0 ? ApiKeyScopes.All : scopes);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return new TestTenant(org.Id, ws.Id, key.Id, plaintext);
    }
}
