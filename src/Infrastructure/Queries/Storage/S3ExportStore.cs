using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DqPlatform.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Exports as objects <c>s3://{bucket}/{prefix}results/{org_id}/{query_id}/{attempt}/result.{format}</c> in an S3-compatible
/// store, uploaded in parts while they are written and read (or pre-signed) by whichever node serves the download.
/// </summary>
public sealed partial class S3ExportStore : IExportStore, IDisposable
{
    private readonly S3ExportOptions _options;
    private readonly QueryOptions _queries;
    private readonly IClock _clock;
    private readonly ILogger<S3ExportStore> _logger;
    private readonly AmazonS3Client _s3;
    private readonly string _prefix;

    public S3ExportStore(IOptions<ExportStoreOptions> options, IOptions<QueryOptions> queries, IClock clock, ILogger<S3ExportStore> logger)
    {
        (_options, _queries, _clock, _logger) = (options.Value.S3, queries.Value, clock, logger);
        _prefix = $"s3://{_options.Bucket}/{_options.NormalizedPrefix}";
        var config = new AmazonS3Config
        {
            ForcePathStyle = _options.ForcePathStyle,
            // SDK v4 adds flexible checksums (aws-chunked bodies with trailers) to every upload by default; S3-compatible
            // servers that predate them store the framing or refuse the request. Only where an operation requires one.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = _options.Timeout,
            MaxErrorRetry = _options.MaxErrorRetry,
        };
        if (string.IsNullOrWhiteSpace(_options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(_options.Region);
        }
        else
        {
            config.ServiceURL = _options.ServiceUrl;
            config.AuthenticationRegion = _options.Region;
        }

        _s3 = string.IsNullOrEmpty(_options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(_options.AccessKey, _options.SecretKey), config);
    }

    public Task<IExportUpload> BeginAsync(ExportTarget target, CancellationToken cancellationToken)
    {
        var key = _options.NormalizedPrefix + target.RelativePathOf(ExportTarget.NewAttempt());
        // Parts large enough that the byte cap fits in S3's 10,000 of them.
        var partSize = (int)Math.Min(int.MaxValue, Math.Max(_options.PartSize, (_queries.BatchBytes / S3ExportOptions.MaxParts) + 1));
        // The run's token stops the parts in flight too: a cancelled run or a stopping node does not wait out a stalled store.
        var stream = new S3MultipartStream(_s3, _options.Bucket!, key, target.ContentType, partSize, cancellationToken);
        return Task.FromResult<IExportUpload>(new S3ExportUpload(stream, $"s3://{_options.Bucket}/{key}", e => LogAbortFailed(e, target.QueryResultId)));
    }

    public bool Owns(string location, ExportTarget target) => KeyOf(location, target) is not null;

    public async Task<ExportLookup> FindAsync(string location, ExportTarget target, CancellationToken cancellationToken)
    {
        if (KeyOf(location, target) is not { } key)
        {
            return new ExportUnreachable(ExportStores.ForeignObjectReason);
        }

        GetObjectMetadataResponse head;
        try
        {
            head = await S3Calls.RunAsync(() => _s3.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken), cancellationToken);
        }
        catch (ExportStoreUnavailableException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            // A HEAD's 404 has no body: "no such key" (deleted: expired) and "no such bucket" (misconfigured) look alike.
            await ConfirmMissingAsync(key, cancellationToken);
            return new ExportMissing();
        }

        if (_options.PresignDownloads)
        {
            var url = await S3Calls.RunAsync(() => _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                Verb = HttpVerb.GET,
                Expires = _clock.UtcNow.Add(_options.PresignExpiry).UtcDateTime,
                Protocol = _options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
                ResponseHeaderOverrides = { ContentType = target.ContentType, ContentDisposition = $"attachment; filename=\"{target.DownloadName}\"" },
            }), cancellationToken);
            return new ExportRedirect(new Uri(url));
        }

        var stream = new S3ObjectStream(_s3, _options.Bucket!, key, head.ContentLength, head.ETag);
        return new ExportFound(stream, head.LastModified is { } modified ? new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)) : null, head.ETag);
    }

    public async Task DeleteAsync(string location, ExportTarget target, CancellationToken cancellationToken)
    {
        if (KeyOf(location, target) is { } key)
        {
            await S3Calls.RunAsync(() => _s3.DeleteObjectAsync(_options.Bucket, key, cancellationToken), cancellationToken);
        }
    }

    public void Dispose() => _s3.Dispose();

    /// <summary>The key of a location that is exactly one this store writes for the run (any attempt of it), else none.</summary>
    private string? KeyOf(string location, ExportTarget target) =>
        location.StartsWith(_prefix, StringComparison.Ordinal) && target.IsPathOf(location[_prefix.Length..])
            ? location[$"s3://{_options.Bucket}/".Length..]
            : null;

    // A GET's error names the missing thing; one of the first byte costs nothing when the object is there after all.
    private async Task ConfirmMissingAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await S3Calls.RunAsync(() => _s3.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = key, ByteRange = new ByteRange(0, 0) }, cancellationToken), cancellationToken);
        }
        catch (ExportStoreUnavailableException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable, ErrorCode: not "NoSuchBucket" })
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The multipart upload of query run {QueryResultId}'s export could not be aborted")]
    private partial void LogAbortFailed(Exception e, Guid queryResultId);
}
