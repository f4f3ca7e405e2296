using Amazon.S3;
using Amazon.S3.Model;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// An object read as a seekable stream of known length, so ASP.NET serves Range requests over it: each read from a
/// new position opens one ranged GET from there (pinned to the ETag seen, so a rewritten object is not spliced).
/// </summary>
internal sealed class S3ObjectStream(IAmazonS3 s3, string bucket, string key, long length, string? etag) : Stream
{
    private long _position;
    private GetObjectResponse? _response;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = origin switch
        {
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(position, nameof(offset));
        if (position != _position)
        {
            Close(ref _response);
            _position = position;
        }

        return position;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        _response ??= await S3Calls.RunAsync(() => s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket, Key = key, ByteRange = new ByteRange(_position, length - 1), EtagToMatch = etag,
        }, cancellationToken), cancellationToken);
        var read = await S3Calls.RunAsync(() => _response.ResponseStream.ReadAsync(buffer, cancellationToken).AsTask(), cancellationToken);
        if (read == 0)
        {
            throw new ExportStoreUnavailableException("The export store ended the object before its length.");
        }

        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close(ref _response);
        }

        base.Dispose(disposing);
    }

    private static void Close(ref GetObjectResponse? response)
    {
        response?.Dispose();
        response = null;
    }
}
