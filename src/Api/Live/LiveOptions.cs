namespace DqPlatform.Api.Live;

/// <summary>
/// Settings under <c>Dqp:Live</c> that are the product's: how often socket keys are checked. The sockets' own settings
/// (init timeout, message size, queue) are read from the same section into the sessions' options.
/// </summary>
public sealed class LiveOptions
{
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(4);
}
