using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Turns what the SDK throws into <see cref="ExportStoreUnavailableException"/>: the store being away (5xx, throttling,
/// the network, a timeout) or refusing for good (any other error it answers: no such bucket, access denied, a bad key),
/// which is marked <see cref="ExportStoreUnavailableException.Misconfigured"/> so that it is logged as the operator's to
/// fix rather than retried.
/// </summary>
internal static class S3Calls
{
    // Answered with a 4xx status, yet the store's way of saying "later".
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed", "TooManyRequests", "RequestLimitExceeded",
    };

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

    public static ExportStoreUnavailableException Unavailable(Exception e) => e switch
    {
        ExportStoreUnavailableException known => known,
        AmazonServiceException refused when IsRefusal(refused) => new ExportStoreUnavailableException(
            $"The export store refused the request ({(int)refused.StatusCode} {refused.ErrorCode ?? "no error code"}); check the Dqp:Exports:S3 settings and the credentials' permissions.",
            e, misconfigured: true),
        _ => new ExportStoreUnavailableException("The export store did not answer.", e),
    };

    // A 3xx/4xx the store answered that is not throttling, nor about the object itself: a missing key (the export was
    // deleted) or a changed one (rewritten while read) are the caller's to interpret, not the operator's to fix.
    private static bool IsRefusal(AmazonServiceException e) =>
        (int)e.StatusCode is >= 300 and < 500
        && e.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestedRangeNotSatisfiable)
        && !(e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        && !(e.ErrorCode is { } code && Transient.Contains(code));
}
