using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Tests.Tenancy;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Key_WithoutExpiryOrRevocation_IsActive() => Assert.True(NewKey().IsActiveAt(Now));

    [Fact]
    public void Key_PastItsExpiry_IsInactive()
    {
        var key = NewKey();
        key.ExpiresAt = Now;

        Assert.False(key.IsActiveAt(Now));
        Assert.True(key.IsActiveAt(Now.AddTicks(-1)));
    }

    [Fact]
    public void RevokedKey_IsInactive_EvenBeforeItsExpiry()
    {
        var key = NewKey();
        key.ExpiresAt = Now.AddDays(30);
        key.RevokedAt = Now.AddMinutes(-1);

        Assert.False(key.IsActiveAt(Now));
    }

    private static ApiKey NewKey() => new() { Name = "ci", KeyPrefix = "dqp_abcdefgh", KeyHash = "$2a$11$x" };
}
