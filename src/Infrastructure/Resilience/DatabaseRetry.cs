namespace DqPlatform.Infrastructure.Resilience;

/// <summary>
/// What <see cref="PlatformExecutionStrategy"/> does for EF Core, for the statements written in SQL on the shared
/// data source: after a dependency failure the pools are emptied and the statement runs again, at once and then
/// after about 1 s and 2 s. A statement that may not run twice (<c>repeatable: false</c>) runs again only when it
/// surely never reached the server.
/// </summary>
public static class DatabaseRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> statement, bool repeatable, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await statement(cancellationToken);
            }
            catch (Exception e) when (attempt < PlatformExecutionStrategy.MaxRetries && !cancellationToken.IsCancellationRequested
                && DependencyFailures.IsOutage(e) && (repeatable || DependencyFailures.NeverReachedServer(e)))
            {
                PostgresPools.ClearAfter(e);
                await Task.Delay(DelayBefore(attempt + 1), cancellationToken);
            }
            catch (Exception e) when (DependencyFailures.IsOutage(e))
            {
                PostgresPools.ClearAfter(e);
                throw;
            }
        }
    }

    public static Task RunAsync(Func<CancellationToken, Task> statement, bool repeatable, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await statement(token);
            return true;
        }, repeatable, cancellationToken);

    private static TimeSpan DelayBefore(int retry) => retry switch
    {
        1 => TimeSpan.Zero,
        2 => TimeSpan.FromSeconds(1),
        _ => TimeSpan.FromSeconds(2),
    };
}
