namespace DqPlatform.Infrastructure.Queries.Storage;

/// <summary>
/// Settings under <c>Dqp:Exports</c>. Without an S3 bucket, exports go to the local folder of
/// <see cref="QueryOptions.ResultsPath"/> (one node); with one, every node writes to and reads from the bucket.
/// </summary>
public sealed class ExportStoreOptions
{
    public S3ExportOptions S3 { get; set; } = new();
}

/// <summary>An S3-compatible object store (AWS S3, MinIO, Ceph, R2…) under <c>Dqp:Exports:S3</c>.</summary>
public sealed class S3ExportOptions
{
    /// <summary>S3 part sizes: at least 5 MiB (but the last), at most 10,000 parts.</summary>
    public const long MinPartSize = 5L << 20;

    /// <summary>The largest part size accepted: a running export holds two parts in memory.</summary>
    public const long MaxPartSize = 1L << 30;

    public const int MaxParts = 10_000;

    public static readonly TimeSpan MinPresignExpiry = TimeSpan.FromSeconds(1);

    /// <summary>S3 signs URLs (signature V4) for at most seven days.</summary>
    public static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromDays(7);

    /// <summary>The bucket exports go to; setting it turns the S3 store on.</summary>
    public string? Bucket { get; set; }

    /// <summary>The endpoint of a non-AWS server (<c>http://minio:9000</c>); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Static credentials; when empty the SDK's default chain (environment, profile, instance role) is used.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Keys are <c>{Prefix}results/{org_id}/{query_id}/{attempt}/result.{format}</c>; a prefix shares a bucket with other data.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which most non-AWS servers need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Downloads answer 302 to a pre-signed URL of the object instead of streaming it through the API node.</summary>
    public bool PresignDownloads { get; set; }

    /// <summary>How long a pre-signed URL stays valid: 1 second to 7 days.</summary>
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Uploads go in parts of this size, 5 MiB to 1 GiB (memory per running export: two parts); raised when the byte cap needs more than 10,000 parts.</summary>
    public long PartSize { get; set; } = 8L << 20;

    /// <summary>How long one request to the store may take, and how often a failed one is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    public int MaxErrorRetry { get; set; } = 3;

    public bool Enabled => !string.IsNullOrWhiteSpace(Bucket);

    public string NormalizedPrefix => Prefix.Length == 0 || Prefix.EndsWith('/') ? Prefix.TrimStart('/') : Prefix.TrimStart('/') + "/";
}
