using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Tests.Tenancy;

/// <summary>What a caller mints lives no longer than the caller's own key; a signed-in session's token does not cap it.</summary>
public sealed class CallerExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Caller Of(Guid? apiKeyId, DateTimeOffset? expiresAt) =>
        new(apiKeyId, Guid.NewGuid(), Guid.NewGuid(), new HashSet<string> { ApiKeyScopes.Read }) { UserId = Guid.NewGuid(), ExpiresAt = expiresAt };

    [Fact]
    public void CapExpiry_ForASignedInSession_IgnoresTheTokensExpiry()
    {
        var session = Of(apiKeyId: null, expiresAt: Now.AddMinutes(5));

        Assert.Null(session.CapExpiry(null));
        Assert.Equal(Now.AddDays(90), session.CapExpiry(Now.AddDays(90)));
    }

    [Fact]
    public void CapExpiry_ForAKey_IsTheKeysExpiry()
    {
        var key = Of(Guid.NewGuid(), Now.AddDays(1));

        Assert.Equal(Now.AddDays(1), key.CapExpiry(null));
        Assert.Equal(Now.AddDays(1), key.CapExpiry(Now.AddDays(90)));
        Assert.Equal(Now.AddHours(1), key.CapExpiry(Now.AddHours(1)));
    }
}
