using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Infrastructure.Security;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tests.Persistence;

public sealed class TenantBootstrapperTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Bootstrap_CreatesTenantAndAdminKeyOnce_AndShowsTheKeyOnlyTheFirstTime()
    {
        await using var first = database.CreateDqContext();
        var created = await new TenantBootstrapper(first).EnsureAsync("Acme", "analytics", CancellationToken.None);
        await using var second = database.CreateDqContext();
        var again = await new TenantBootstrapper(second).EnsureAsync("Acme", "analytics", CancellationToken.None);

        Assert.NotNull(created.NewAdminKey);
        Assert.Null(again.NewAdminKey);
        Assert.Equal(created.WorkspaceId, again.WorkspaceId);
        Assert.Equal(created.OrganizationId, again.OrganizationId);

        var key = await second.ApiKeys.AsNoTracking().SingleAsync(k => k.WorkspaceId == created.WorkspaceId);
        Assert.StartsWith(ApiKey.Prefix, created.NewAdminKey, StringComparison.Ordinal);
        Assert.Equal(created.NewAdminKey[..ApiKeyGenerator.PrefixLength], key.KeyPrefix);
        Assert.DoesNotContain(created.NewAdminKey, key.KeyHash, StringComparison.Ordinal);
        Assert.True(ApiKeyGenerator.Verify(created.NewAdminKey, key.KeyHash));
        Assert.Contains(ApiKeyScopes.OrganizationAdmin, key.Scopes);
    }

    [Fact]
    public async Task ConcurrentBootstraps_MintExactlyOneAdminKey()
    {
        var runs = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = database.CreateDqContext();
            return await new TenantBootstrapper(db).EnsureAsync("Globex", "default", CancellationToken.None);
        });
        var results = await Task.WhenAll(runs);

        Assert.Single(results, r => r.NewAdminKey is not null);
        Assert.Single(results.Select(r => r.WorkspaceId).Distinct());
    }
}
