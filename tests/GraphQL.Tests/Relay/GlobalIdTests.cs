using DqPlatform.GraphQL.Errors;
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

    [Fact]
    public void Require_AnIdOfAnExpectedType_AnswersItsUuid()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, GlobalId.Require(GlobalId.Encode("Connection", id), ["Connection"], "connectionId"));
        Assert.Equal(id, GlobalId.Require(GlobalId.Encode("Schedule", id), ["Connection", "Schedule"], "entityId"));
    }

    [Fact]
    public void Require_ARawUuid_IsRefusedSayingWhatIsExpected()
    {
        var error = Assert.Throws<InvalidGlobalIdException>(() => GlobalId.Require(Guid.NewGuid().ToString(), ["CheckDefinition"], "checkId"));

        Assert.Equal("checkId", error.Field);
        Assert.Equal("'checkId' takes a global id of type CheckDefinition (the `id` the API returns); not a raw UUID.", error.Message);
    }

    [Fact]
    public void Require_AnotherTypesId_IsRefusedNamingIt()
    {
        var error = Assert.Throws<InvalidGlobalIdException>(() => GlobalId.Require(GlobalId.Encode("Connection", Guid.NewGuid()), ["CheckDefinition", "Schedule"], "entityId"));

        Assert.Equal("'entityId' takes a global id of type CheckDefinition or Schedule (the `id` the API returns); this one is of type Connection.", error.Message);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("")]
    [InlineData("Q2hlY2tEZWZpbml0aW9uOjEuMg")] // "CheckDefinition:1.2": the right type, not a uuid key
    public void Require_TextThatIsNoGlobalId_IsRefused(string value)
    {
        var error = Assert.Throws<InvalidGlobalIdException>(() => GlobalId.Require(value, ["CheckDefinition"], "checkId"));

        Assert.EndsWith("this value is not one.", error.Message, StringComparison.Ordinal);
    }
}
