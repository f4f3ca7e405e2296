namespace DqPlatform.TestSupport;

/// <summary>A loopback port that was free a moment ago, for tests that need a port nothing listens on.</summary>
public static class FreePortForTests
{
    public static int Next() => FreePort.Next();
}
