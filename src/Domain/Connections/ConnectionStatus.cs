namespace DqPlatform.Domain.Connections;

public enum ConnectionStatus
{
    Unknown,
    Healthy,
    Unhealthy,
    Error,
}
