using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;

namespace DqPlatform.Domain.Tests.Notifications;

/// <summary>A stored SMTP password goes only to the server and login it was given for.</summary>
public sealed class EmailSettingsTests
{
    private static readonly EmailSettings Stored = new()
    {
        Host = "smtp.example.com", Port = 587, Security = SmtpSecurity.StartTls, User = "dq", Password = "s3cret", From = "dq@example.com", To = ["ops@example.com"],
    };

    private static EmailSettings Unchanged => Stored with { Password = null };

    [Fact]
    public void OmittedPassword_IsKept_WhileServerAndLoginStayTheSame()
    {
        Assert.Equal("s3cret", (Unchanged with { To = ["data@example.com"], From = "alerts@example.com" }).Replacing(Stored).Password);
        Assert.Equal("s3cret", (Unchanged with { Host = "SMTP.example.com" }).Replacing(Stored).Password);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("user")]
    [InlineData("security")]
    public void ChangedServerOrLogin_WithAUser_NeedsThePasswordAgain(string changed)
    {
        var update = changed switch
        {
            "host" => Unchanged with { Host = "attacker.example.net" },
            "port" => Unchanged with { Port = 2525 },
            "user" => Unchanged with { User = "someone-else" },
            _ => Unchanged with { Security = SmtpSecurity.Tls },
        };

        var refused = Assert.Throws<ValidationException>(() => update.Replacing(Stored));
        Assert.Equal("email.password", refused.Field);
        Assert.Equal("n3w", (update with { Password = "n3w" }).Replacing(Stored).Password);
    }

    [Fact]
    public void ChangedServer_WithoutAUser_DropsTheStoredPassword() =>
        Assert.Null((Unchanged with { Host = "relay.example.net", User = null }).Replacing(Stored).Password);

    [Fact]
    public void UserOrPassword_WithoutTls_IsRefused()
    {
        Assert.Equal("email.security", Assert.Throws<ValidationException>(() => (Stored with { Security = SmtpSecurity.None }).Validate()).Field);
        Assert.Equal("email.security", Assert.Throws<ValidationException>(() => (Stored with { Security = SmtpSecurity.None, User = null }).Validate()).Field);
        Assert.Null((Stored with { Security = SmtpSecurity.None, User = null, Password = null }).Validate().User);
        Assert.Equal("dq", Stored.Validate().User);
    }
}
