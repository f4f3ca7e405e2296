namespace DqPlatform.TestSupport;

/// <summary>A server given by the environment: used as it is, never stopped.</summary>
internal sealed class ExternalServer(string connectionString) : ITestServer
{
    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
