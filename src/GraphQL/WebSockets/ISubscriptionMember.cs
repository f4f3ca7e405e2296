namespace DqPlatform.GraphQL.WebSockets;

/// <summary>
/// One socket's operation in a group: it frames the shared payload with its own operation id. Calls must not throw;
/// a member that cannot send drops the message (its socket is being closed).
/// </summary>
public interface ISubscriptionMember
{
    void Next(byte[] payload);

    void Error();

    void Complete();
}
