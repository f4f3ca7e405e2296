using Amazon.S3;
using Amazon.S3.Model;

namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// An object read as a seekable stream of known length, so ASP.NET serves Range requests over it. Reads go through
/// ranged GETs of bounded windows (pinned to the ETag seen, so a rewritten object is not spliced): the first from a
/// position is small and each next one twice as large, up to <see cref="MaxWindow"/> — a small Range request of a big
/// export fetches little more than it asked for, and a whole download takes a GET per 8 MiB.
/// </summary>
internal sealed class S3ObjectStream(IAmazonS3 s3, string bucket, string key, long length, string? etag) : Stream
{
    internal const long FirstWindow = 256L << 10;
    internal const long MaxWindow = 8L << 20;

    private long _position;
    private GetObjectResponse? _response;
    private long _windowEnd;
    private long _window = FirstWindow / 2;

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
            _window = FirstWindow / 2;
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

        if (_response is not null && _position >= _windowEnd)
        {
            Close(ref _response);
        }

        if (_response is null)
        {
            _window = Math.Min(MaxWindow, _window * 2);
            _windowEnd = Math.Min(length, _position + _window);
            _response = await S3Calls.RunAsync(() => s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket, Key = key, ByteRange = new ByteRange(_position, _windowEnd - 1), EtagToMatch = etag,
            }, cancellationToken), cancellationToken);
        }

        var response = _response;
        var wanted = buffer[..(int)Math.Min(buffer.Length, _windowEnd - _position)];
        var read = await S3Calls.RunAsync(() => response.ResponseStream.ReadAsync(wanted, cancellationToken).AsTask(), cancellationToken);
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
