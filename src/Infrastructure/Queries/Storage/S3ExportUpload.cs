namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>An export streamed into the bucket; disposed uncommitted, its multipart upload is aborted.</summary>
internal sealed class S3ExportUpload(S3MultipartStream stream, string location, Action<Exception> abortFailed) : IExportUpload
{
    private bool _committed;

    public Stream Content => stream;

    public async Task<StoredExport> CommitAsync(CancellationToken cancellationToken)
    {
        var bytes = await stream.CommitAsync(cancellationToken);
        _committed = true;
        return new StoredExport(location, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed)
            {
                await stream.AbortAsync();
            }
        }
        catch (ExportStoreUnavailableException e)
        {
            // The run fails all the same; what the store kept of the parts is its lifecycle rule's to remove.
            abortFailed(e);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}
