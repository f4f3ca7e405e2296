using System.Net.Sockets;
using Amazon.Runtime;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>Turns what the SDK throws when the store cannot be reached into <see cref="ExportStoreUnavailableException"/>.</summary>
internal static class S3Calls
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public static async Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await call();
            return true;
        }, cancellationToken);

    /// <summary>The store's errors, the network's, and a timeout (a cancellation nobody asked for).</summary>
    public static bool IsUnavailable(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException
        || (e is IOException && e is not ExportStoreUnavailableException)
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static ExportStoreUnavailableException Unavailable(Exception e) =>
        e as ExportStoreUnavailableException ?? new ExportStoreUnavailableException("The export store did not answer.", e);
}
