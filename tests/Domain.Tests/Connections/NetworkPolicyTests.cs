using System.Net;
using DqPlatform.Domain.Connections;

namespace DqPlatform.Domain.Tests.Connections;

public sealed class NetworkPolicyTests
{
    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:0:127.0.0.1", "127.0.0.1")]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1")]
    [InlineData("2002:7f00:1::1", "127.0.0.1")]
    [InlineData("::ffff:169.254.169.254", "169.254.169.254")]
    [InlineData("::1", "::1")]
    [InlineData("::", "::")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void Canonical_UnwrapsEveryIPv6FormThatCarriesAnIPv4Address(string given, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), NetworkAddresses.Canonical(IPAddress.Parse(given)));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("fe80::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    public void LinkLocalMetadataAndUnspecified_AreRefused_EvenWithLoopbackAndPrivateAllowed(string address) =>
        Assert.NotNull(new NetworkPolicy { AllowLoopback = true, AllowPrivate = true }.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void Loopback_IsRefusedByDefault_AndAllowedBySetting(string address)
    {
        Assert.Contains("loopback", new NetworkPolicy().Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);
        Assert.Null(new NetworkPolicy { AllowLoopback = true }.Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("100.64.0.1")]
    [InlineData("fd12:3456::1")]
    public void PrivateRanges_AreAllowedByDefault_AndRefusedBySetting(string address)
    {
        Assert.Null(new NetworkPolicy().Refusal(IPAddress.Parse(address)));
        Assert.Contains("private", new NetworkPolicy { AllowPrivate = false }.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfiguredRanges_WhenJudging_ApplyDenialsThenAllowancesThenBuiltInRules()
    {
        var policy = new NetworkPolicy
        {
            AllowPrivate = false,
            Denied = NetworkPolicy.Ranges(["10.9.0.0/16", "203.0.113.7"], "test"),
            Allowed = NetworkPolicy.Ranges(["10.0.0.0/8", "169.254.10.0/24"], "test"),
        };

        Assert.Null(policy.Refusal(IPAddress.Parse("10.1.2.3")));          // allowed range beats AllowPrivate = false
        Assert.NotNull(policy.Refusal(IPAddress.Parse("10.9.1.1")));       // a denial beats the allowance around it
        Assert.NotNull(policy.Refusal(IPAddress.Parse("203.0.113.7")));    // a single address
        Assert.NotNull(policy.Refusal(IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.Null(policy.Refusal(IPAddress.Parse("169.254.10.5")));      // an operator may name a link-local range
        Assert.NotNull(policy.Refusal(IPAddress.Parse("169.254.169.254")));
        Assert.Null(policy.Refusal(IPAddress.Parse("93.184.216.34")));     // public
    }

    [Fact]
    public void Ranges_WithMalformedRange_IsRefusedNamingTheSetting() =>
        Assert.Contains("Dqp:Sources:DeniedRanges", Assert.Throws<ArgumentException>(() => NetworkPolicy.Ranges(["10.0.0/8x"], "Dqp:Sources:DeniedRanges")).Message, StringComparison.Ordinal);
}
