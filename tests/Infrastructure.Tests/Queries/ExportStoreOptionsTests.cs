using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Queries.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Tests.Queries;

/// <summary>S3 settings that cannot work stop the start (ValidateOnStart) instead of failing the first export.</summary>
public sealed class ExportStoreOptionsTests
{
    private static ExportStoreOptions Resolve(params (string Name, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Name, (string?)s.Value)).Append(KeyValuePair.Create("Dqp:Exports:S3:Bucket", (string?)"exports")))
            .Build();
        using var services = new ServiceCollection().AddDqpQueryService(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<ExportStoreOptions>>().Value;
    }

    [Theory]
    [InlineData("Dqp:Exports:S3:PresignExpiry", "00:00:00", "PresignExpiry")]
    [InlineData("Dqp:Exports:S3:PresignExpiry", "-00:05:00", "PresignExpiry")]
    [InlineData("Dqp:Exports:S3:PresignExpiry", "7.00:00:01", "PresignExpiry")]
    [InlineData("Dqp:Exports:S3:PartSize", "5242879", "PartSize")]
    [InlineData("Dqp:Exports:S3:PartSize", "1073741825", "PartSize")]
    public void OutOfRange_IsRefused_NamingTheSetting(string name, string value, string named)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Resolve((name, value)));
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_AreAccepted()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Resolve(("Dqp:Exports:S3:PresignExpiry", "00:00:01")).S3.PresignExpiry);
        Assert.Equal(TimeSpan.FromDays(7), Resolve(("Dqp:Exports:S3:PresignExpiry", "7.00:00:00")).S3.PresignExpiry);
        Assert.Equal(5L << 20, Resolve(("Dqp:Exports:S3:PartSize", "5242880")).S3.PartSize);
        Assert.Equal(1L << 30, Resolve(("Dqp:Exports:S3:PartSize", "1073741824")).S3.PartSize);
    }
}
