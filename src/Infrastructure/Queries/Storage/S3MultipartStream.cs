using Amazon.S3;
using Amazon.S3.Model;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// A write-only stream that uploads an object in parts as they fill: while one part uploads the next one fills, so
/// memory holds two parts whatever the export's size, and nothing touches the disk. An export that fits in one part
/// is one PUT; a larger one a multipart upload, completed by <see cref="CommitAsync"/> and aborted by
/// <see cref="AbortAsync"/>. <c>Position</c> counts the bytes written (the exporters' byte cap reads it). The run's
/// token (<paramref name="cancellation"/>) stops the synchronous writes and the part in flight as well.
/// </summary>
internal sealed class S3MultipartStream(IAmazonS3 s3, string bucket, string key, string contentType, int partSize, CancellationToken cancellation) : Stream
{
    private static readonly TimeSpan AbortWithin = TimeSpan.FromSeconds(30);

    private readonly List<PartETag> _parts = [];
    private readonly CancellationTokenSource _aborted = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
    private MemoryStream _filling = new();
    private MemoryStream? _uploading;
    private Task? _pending;
    private string? _uploadId;
    private long _written;
    private int _shipped;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // The CSV exporter writes synchronously (it owns its worker thread): a full part waits here for the one before it,
    // for as long as the run is not cancelled.
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer);
            buffer = buffer[taken..];
            if (_filling.Length == partSize)
            {
                ShipAsync(_aborted.Token).GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer.Span);
            buffer = buffer[taken..];
            if (_filling.Length == partSize)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
                await ShipAsync(either.Token);
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>The object's size in bytes.</returns>
    public async Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            await S3Calls.RunAsync(() => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = key, InputStream = View(_filling), ContentType = contentType, AutoCloseStream = false, UseChunkEncoding = false,
            }, cancellationToken), cancellationToken);
            return _written;
        }

        if (_filling.Length > 0)
        {
            await ShipAsync(cancellationToken);
        }

        await S3Calls.RunAsync(() => _pending!, cancellationToken);
        var parts = _parts.OrderBy(p => p.PartNumber).ToList();
        await S3Calls.RunAsync(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = key, UploadId = _uploadId, PartETags = parts,
        }, cancellationToken), cancellationToken);
        return _written;
    }

    /// <summary>Stops the part in flight and aborts the multipart upload, so that no part of the export stays behind.</summary>
    public async Task AbortAsync()
    {
        await _aborted.CancelAsync();
        try
        {
            if (_pending is not null)
            {
                await _pending;
            }
        }
        catch (Exception e) when (e is OperationCanceledException || S3Calls.IsUnavailable(e, CancellationToken.None))
        {
            // The part that was in flight: the abort below discards whatever of it arrived.
        }

        if (_uploadId is not null)
        {
            // Bounded, so a stalled store does not hold a stopping run; what is left is the bucket's lifecycle rule's to remove.
            using var within = new CancellationTokenSource(AbortWithin);
            await S3Calls.RunAsync(() => s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId }, within.Token), CancellationToken.None);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aborted.Dispose();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // The SDK may dispose the stream it sends; the part's buffer is reused for the next part.
    private static MemoryStream View(MemoryStream part) => new(part.GetBuffer(), 0, (int)part.Length, writable: false);

    private int Fill(ReadOnlySpan<byte> buffer)
    {
        var taken = (int)Math.Min(buffer.Length, partSize - _filling.Length);
        _filling.Write(buffer[..taken]);
        _written += taken;
        return taken;
    }

    // Hands the full part to the uploader once the part before it has arrived; its buffer then fills the next part.
    private async Task ShipAsync(CancellationToken cancellationToken)
    {
        if (_pending is not null)
        {
            await S3Calls.RunAsync(() => _pending, cancellationToken);
        }

        _uploadId ??= (await S3Calls.RunAsync(() => s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket, Key = key, ContentType = contentType,
        }, cancellationToken), cancellationToken)).UploadId;
        var full = _filling;
        _filling = _uploading ?? new MemoryStream(partSize);
        _filling.SetLength(0);
        _uploading = full;
        var number = ++_shipped;
        _pending = Task.Run(() => UploadPartAsync(full, number));
    }

    private async Task UploadPartAsync(MemoryStream part, int number)
    {
        var uploaded = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = key, UploadId = _uploadId, PartNumber = number, InputStream = View(part), PartSize = part.Length, UseChunkEncoding = false,
        }, _aborted.Token);
        _parts.Add(new PartETag(number, uploaded.ETag));
    }
}
