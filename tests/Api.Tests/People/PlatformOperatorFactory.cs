using Microsoft.AspNetCore.Hosting;

namespace DqPlatform.Api.Tests.People;

/// <summary>The API with two platform operators configured: one by user id, one by issuer and subject.</summary>
public sealed class PlatformOperatorFactory : DqApiFactory
{
    public Guid OperatorId { get; } = Guid.CreateVersion7();

    public const string OperatorIssuer = "https://idp.test";
    public string OperatorSubject { get; } = "operator-" + Guid.NewGuid().ToString("N");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dqp:Platform:Operators:0", OperatorId.ToString());
        builder.UseSetting("Dqp:Platform:Operators:1", $"{OperatorIssuer}|{OperatorSubject}");
    }
}
