using System.Security.Cryptography;
using System.Text;

namespace DqPlatform.Domain.Queries;

/// <summary>The values of <c>query_results.status</c> (seed 001 spells them capitalised).</summary>
public static class QueryStatus
{
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static bool IsFinished(string status) => status is Succeeded or Failed;
}

/// <summary>The values of <c>query_results.mode</c>.</summary>
public static class QueryMode
{
    public const string Interactive = "interactive";
    public const string Batch = "batch";
}

/// <summary>The values of <c>query_results.output_format</c>, with the file each export is written to.</summary>
public static class QueryOutputFormat
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Parquet = "parquet";

    public static readonly IReadOnlyList<string> All = [Json, Csv, Parquet];

    public static string ContentType(string format) => format switch
    {
        Csv => "text/csv; charset=utf-8",
        Parquet => "application/vnd.apache.parquet",
        _ => "application/json; charset=utf-8",
    };

    public static string FileName(string format) => "result." + format;
}

/// <summary>The stable error codes a failed run stores in <c>error_code</c>.</summary>
public static class QueryErrorCodes
{
    public const string Cancelled = "CANCELLED";
    public const string Timeout = "TIMEOUT";
    public const string SourceError = "SOURCE_ERROR";
    public const string LimitExceeded = "LIMIT_EXCEEDED";
    public const string Interrupted = "INTERRUPTED";
}

public static class QueryFingerprint
{
    /// <summary>The <c>sql_hash</c> of seed 001: lowercase hex SHA-256 of the SQL as submitted, so equal SQL groups.</summary>
    public static string Of(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
}

/// <summary>
/// <c>dataset_id</c> of seed 000: a name-based (version 5) UUID of connection, schema and table, so the same table
/// always gets the same id without a table of datasets.
/// </summary>
public static class DatasetIds
{
    private static readonly byte[] Namespace = new Guid("7d1f6a52-3b9e-4c43-9b61-2f0c8e5d4a10").ToByteArray(bigEndian: true);

    public static Guid For(Guid connectionId, string schema, string table)
    {
        var name = Encoding.UTF8.GetBytes($"{connectionId:D}/{schema}/{table}");
        var hash = SHA1.HashData([.. Namespace, .. name]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
