using DqPlatform.GraphQL.Relay;

namespace DqPlatform.GraphQL.Tests.Relay;

/// <summary>Global ids are base64url of <c>Type:key</c>: opaque, unique across types, and read back exactly.</summary>
public sealed class GlobalIdTests
{
    [Fact]
    public void UuidIds_RoundTrip_AndSpellTheKeyAsN()
    {
        var id = Guid.NewGuid();
        var encoded = GlobalId.Encode("CheckDefinition", id);

        Assert.True(GlobalId.TryDecode(encoded, out var type, out Guid decoded));
        Assert.Equal(("CheckDefinition", id), (type, decoded));
        Assert.True(GlobalId.TryDecode(encoded, out _, out string key));
        Assert.Equal(id.ToString("N"), key);
        Assert.Equal(GlobalId.Encode("CheckDefinition", id.ToString("N")), encoded);
        Assert.DoesNotContain('=', encoded);
    }

    [Fact]
    public void TextKeys_RoundTrip_EvenLongOnes()
    {
        var key = "638700000000000000." + new string('7', 600);
        Assert.True(GlobalId.TryDecode(GlobalId.Encode("CheckResult", key), out var type, out string decoded));
        Assert.Equal(("CheckResult", key), (type, decoded));
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("")]
    [InlineData("Tm9Db2xvbg")] // "NoColon"
    [InlineData("OmtleQ")] // ":key", no type
    public void Malformed_DoNotDecode(string globalId)
    {
        Assert.False(GlobalId.TryDecode(globalId, out _, out string _));
    }

    [Fact]
    public void AnIdWhoseKeyIsNotAUuid_DoesNotDecodeAsOne()
    {
        Assert.False(GlobalId.TryDecode(GlobalId.Encode("CheckResult", "1.2"), out _, out Guid _));
    }
}
