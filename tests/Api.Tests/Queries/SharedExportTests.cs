using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using DqPlatform.Api.Tests.Checks;
using DqPlatform.GraphQL.Relay;
using DqPlatform.Infrastructure.Queries;
using DqPlatform.Infrastructure.Resilience;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parquet;

namespace DqPlatform.Api.Tests.Queries;

/// <summary>
/// Exports on shared storage: two real API nodes on one S3-compatible server (s3rver), where any node serves what
/// another wrote; and what nodes without it answer when the export lies on another node's disk or the store is down.
/// </summary>
[Collection(HangfireServersCollection.Name)]
public sealed class SharedExportTests(SharedExportFactory api, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SharedExportFactory>, IDisposable
{
    private readonly List<HttpClient> _graphQLClients = [];

    // About 50 bytes a row in CSV: 250,000 rows take three 5 MiB parts, 600,000 pass the 20 MiB cap.
    private const string WideSql = "SELECT g AS id, md5(g::text) AS name, g * 1.5 AS amount FROM generate_series(1, {0}) g ORDER BY g";

    private static string Wide(int rows) => string.Format(CultureInfo.InvariantCulture, WideSql, rows);

    private static HttpClient Http(ApiProcess node, string? key = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public void Dispose()
    {
        foreach (var http in _graphQLClients)
        {
            http.Dispose();
        }
    }

    // A GraphQL client is used for the whole test; the test disposes it at its end.
    private async Task<QueryTestClient> QueriesAsync(ApiProcess node, TestTenant tenant)
    {
        var http = Http(node);
        _graphQLClients.Add(http);
        return await QueryTestClient.CreateAsync(new GraphQLClient(http, tenant.ApiKey), api.SourceConfig());
    }

    private static async Task<JsonElement> ExportAsync(QueryTestClient queries, string sql, string format)
    {
        var queued = await queries.RunAsync(sql, mode: "BATCH", format: format);
        return await queries.WaitAsync(queued.GetProperty("result").GetProperty("id").GetString()!, "SUCCEEDED", "FAILED");
    }

    private static async Task<HttpResponseMessage> DownloadAsync(ApiProcess node, TestTenant tenant, JsonElement result, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path(result));
        if (range is not null)
        {
            request.Headers.Add("Range", range);
        }

        // The body is read into the response before it returns (ResponseContentRead), so the client can go now.
        using var http = Http(node, tenant.ApiKey);
        return await http.SendAsync(request);
    }

    private static string Path(JsonElement result) => $"/v1/query-results/{IdOf(result):D}/export";

    private static Guid IdOf(JsonElement result) => GlobalId.TryDecode(result.GetProperty("id").GetString()!, out _, out Guid id) ? id : throw new ArgumentException("id");

    /// <summary>The object key of a finished export, from its location (each attempt writes its own key).</summary>
    private string KeyOf(JsonElement result) =>
        result.GetProperty("outputLocation").GetString()![$"s3://{api.S3.Bucket}/".Length..];

    /// <summary>What the keys of every attempt of a run start with.</summary>
    private static string RunPrefixOf(TestTenant tenant, JsonElement result) => $"results/{tenant.OrganizationId:D}/{IdOf(result):D}/";

    private async Task<byte[]> ObjectAsync(string key)
    {
        using var s3 = api.Bucket();
        using var stored = await s3.GetObjectAsync(api.S3.Bucket, key);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private async Task<bool> ObjectExistsAsync(string key)
    {
        using var s3 = api.Bucket();
        try
        {
            await s3.GetObjectMetadataAsync(api.S3.Bucket, key);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task<(HttpStatusCode Status, string? Code, string? RetryAfter)> RefusalAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var code = body.StartsWith('{') ? JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString() : body;
        return (response.StatusCode, code, response.Headers.RetryAfter?.ToString());
    }

    private async Task AgeAsync(JsonElement result, TimeSpan by)
    {
        var id = IdOf(result);
        await using var data = api.Database.CreateDataContext();
        await data.QueryResults.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, r => r.UpdatedAt - by));
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExportRetention>().SweepAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Export_WrittenByNodeOne_DownloadsByteIdenticalFromNodeTwo_InPartsWithRanges()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        await using var two = await api.StartNodeAsync(runJobs: false);
        var tenant = await TestTenant.CreateAsync(api);
        var queries = await QueriesAsync(one, tenant);

        foreach (var (format, rows, contentType) in new[] { ("CSV", 250_000, "text/csv"), ("PARQUET", 250_000, "application/vnd.apache.parquet"), ("JSON", 200, "application/json") })
        {
            var result = await ExportAsync(queries, rows == 200 ? "SELECT id, customer_email, amount FROM orders ORDER BY id" : Wide(rows), format);
            Assert.Equal("SUCCEEDED", result.GetProperty("status").GetString());
            var key = KeyOf(result);
            Assert.Matches($"^{RunPrefixOf(tenant, result)}[0-9a-f]{{32}}/result\\.{format.ToLowerInvariant()}$", key);

            using var fromTwo = await DownloadAsync(two, tenant, result);
            Assert.Equal(HttpStatusCode.OK, fromTwo.StatusCode);
            Assert.Equal(contentType, fromTwo.Content.Headers.ContentType!.MediaType);
            var bytes = await fromTwo.Content.ReadAsByteArrayAsync();
            Assert.Equal(result.GetProperty("bytes").GetInt64(), fromTwo.Content.Headers.ContentLength);
            Assert.Equal(result.GetProperty("bytes").GetInt64(), bytes.Length);
            using var fromOne = await DownloadAsync(one, tenant, result);
            Assert.Equal(bytes, await fromOne.Content.ReadAsByteArrayAsync());
            Assert.Equal(bytes, await ObjectAsync(key));

            // Uploaded in parts as it was written: 5 MiB parts, the last one smaller; a small export is one PUT.
            var calls = await api.S3.CallsWhenAsync(c => rows == 200 || c.Contains($"complete {key} 200"));
            var parts = calls.Count(c => c.StartsWith($"part {key} ", StringComparison.Ordinal) && c.EndsWith(" 200", StringComparison.Ordinal));
            output.WriteLine($"{format}: {bytes.Length:N0} bytes in {parts} parts");
            Assert.Equal(rows == 200 ? 0 : (bytes.Length + SharedExportFactory.PartSize - 1) / SharedExportFactory.PartSize, parts);
            Assert.Equal(rows == 200 ? 0 : 1, calls.Count(c => c == $"complete {key} 200"));

            if (format == "CSV")
            {
                var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(("id,name,amount", rows + 1), (lines[0], lines.Length));
                Assert.Equal($"{rows},{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.ASCII.GetBytes(rows.ToString(CultureInfo.InvariantCulture))))},{rows * 1.5m:0.0}", lines[^1]);
                await AssertRangesAsync(two, tenant, result, bytes);
            }
            else if (format == "PARQUET")
            {
                await using var parquet = await ParquetReader.CreateAsync(new MemoryStream(bytes));
                Assert.Equal(rows, Enumerable.Range(0, parquet.RowGroupCount).Sum(g => parquet.OpenRowGroupReader(g).RowCount));
            }
        }
    }

    private static async Task AssertRangesAsync(ApiProcess node, TestTenant tenant, JsonElement result, byte[] bytes)
    {
        // Within a part, across the first part's end, the last bytes, and past the end.
        foreach (var (from, to) in new[] { (100L, 199L), (SharedExportFactory.PartSize - 10L, SharedExportFactory.PartSize + 9L) })
        {
            using var part = await DownloadAsync(node, tenant, result, $"bytes={from}-{to}");
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal($"bytes {from}-{to}/{bytes.Length}", part.Content.Headers.ContentRange!.ToString());
            Assert.Equal(bytes[(int)from..(int)(to + 1)], await part.Content.ReadAsByteArrayAsync());
        }

        using var tail = await DownloadAsync(node, tenant, result, "bytes=-10");
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(bytes[^10..], await tail.Content.ReadAsByteArrayAsync());
        using var past = await DownloadAsync(node, tenant, result, $"bytes={bytes.Length}-");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
    }

    [Fact]
    public async Task Download_WithPresignedDownloads_RedirectsToAShortLivedUrlOfTheObject()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        await using var two = await api.StartNodeAsync(runJobs: false, settings: new Dictionary<string, string> { ["Dqp__Exports__S3__PresignDownloads"] = "true" });
        var tenant = await TestTenant.CreateAsync(api);
        var result = await ExportAsync(await QueriesAsync(one, tenant), "SELECT id, customer_email FROM orders ORDER BY id", "CSV");

        using var redirect = await DownloadAsync(two, tenant, result);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.True(redirect.Headers.CacheControl?.NoStore, "a redirect to a URL that expires must not be cached");
        var url = redirect.Headers.Location!;
        Assert.StartsWith($"{api.S3.ServiceUrl}/{api.S3.Bucket}/results/", url.AbsoluteUri, StringComparison.Ordinal);
        // Signed for the default five minutes (s3rver does not check V4 signatures, so their validity is AWS's to judge).
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        var expires = int.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expires, 240, 300);

        // The client follows it without the API key: the signature is the authorization.
        using var plain = new HttpClient();
        using var object_ = await plain.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, object_.StatusCode);
        Assert.Equal("text/csv", object_.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"query-{IdOf(result):D}.csv", object_.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        Assert.Equal(await ObjectAsync(KeyOf(result)), await object_.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Retention_DeletesTheObject_ThenBothNodesAnswerExpired()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        await using var two = await api.StartNodeAsync(runJobs: false);
        var tenant = await TestTenant.CreateAsync(api);
        var queries = await QueriesAsync(one, tenant);
        var expiring = await ExportAsync(queries, "SELECT id FROM orders", "CSV");
        var removed = await ExportAsync(queries, "SELECT id FROM orders", "JSON");
        var expiringKey = KeyOf(expiring);
        Assert.True(await ObjectExistsAsync(expiringKey));
        using (var fresh = await DownloadAsync(two, tenant, expiring))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await AgeAsync(expiring, TimeSpan.FromDays(8));
        Assert.True(await SweepAsync() >= 1);
        Assert.False(await ObjectExistsAsync(expiringKey));
        Assert.Equal(JsonValueKind.Null, (await queries.ResultAsync(expiring.GetProperty("id").GetString()!)).GetProperty("outputLocation").ValueKind);

        // An object gone before its time (a bucket lifecycle rule, an operator) is expired too, not unreachable.
        using (var s3 = api.Bucket())
        {
            await s3.DeleteObjectAsync(api.S3.Bucket, KeyOf(removed));
        }

        foreach (var node in new[] { one, two })
        {
            foreach (var result in new[] { expiring, removed })
            {
                using var gone = await DownloadAsync(node, tenant, result);
                Assert.Equal((HttpStatusCode.Gone, "EXPORT_EXPIRED", null), await RefusalAsync(gone));
            }
        }
    }

    [Fact]
    public async Task WithoutSharedStore_NodeTwo_AnswersNotReachableFromThisNode_NotExpired()
    {
        await using var one = await api.StartNodeAsync(runJobs: true, s3: false);
        await using var two = await api.StartNodeAsync(runJobs: false, s3: false);
        var tenant = await TestTenant.CreateAsync(api);
        var result = await ExportAsync(await QueriesAsync(one, tenant), "SELECT id FROM orders", "CSV");
        var location = result.GetProperty("outputLocation").GetString()!;
        Assert.StartsWith("file:///", location, StringComparison.Ordinal);
        Assert.Contains("?volume=", location, StringComparison.Ordinal);
        Assert.True(File.Exists(System.IO.Path.Combine(new Uri(location).LocalPath, "result.csv")));

        using (var here = await DownloadAsync(one, tenant, result))
        {
            Assert.Equal(HttpStatusCode.OK, here.StatusCode);
        }

        using var elsewhere = await DownloadAsync(two, tenant, result);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "EXPORT_UNAVAILABLE", "1"), await RefusalAsync(elsewhere));

        // A node that cannot reach the file leaves it for a sweep on one that can; its age alone makes it expired.
        await AgeAsync(result, TimeSpan.FromDays(8));
        await SweepAsync();
        Assert.Equal(location, (await QueryResultAsync(result)).OutputLocation);
        foreach (var node in new[] { one, two })
        {
            using var gone = await DownloadAsync(node, tenant, result);
            Assert.Equal((HttpStatusCode.Gone, "EXPORT_EXPIRED", null), await RefusalAsync(gone));
        }
    }

    private async Task<Domain.Queries.QueryResult> QueryResultAsync(JsonElement result)
    {
        var id = IdOf(result);
        await using var data = api.Database.CreateDataContext();
        return await data.QueryResults.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    [Fact]
    public async Task StoreDown_DownloadAnswers503ServiceUnavailable_AnExportFails_ThenBothRecover()
    {
        var quick = new Dictionary<string, string> { ["Dqp__Exports__S3__MaxErrorRetry"] = "1", ["Dqp__Exports__S3__Timeout"] = "00:00:05" };
        await using var one = await api.StartNodeAsync(runJobs: true, settings: quick);
        await using var two = await api.StartNodeAsync(runJobs: false, settings: quick);
        var tenant = await TestTenant.CreateAsync(api);
        var queries = await QueriesAsync(one, tenant);
        var result = await ExportAsync(queries, "SELECT id FROM orders", "CSV");
        byte[] bytes;
        using (var before = await DownloadAsync(two, tenant, result))
        {
            bytes = await before.Content.ReadAsByteArrayAsync();
        }


        await api.S3.StopProcessAsync();
        try
        {
            using var down = await DownloadAsync(two, tenant, result);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE", DependencyFailures.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)), await RefusalAsync(down));
            var failed = await ExportAsync(queries, "SELECT id FROM orders", "CSV");
            Assert.Equal(("FAILED", "The export could not be written to the export store."), (failed.GetProperty("status").GetString(), failed.GetProperty("errorMessage").GetString()));
        }
        finally
        {
            await api.S3.StartProcessAsync();
        }

        using var back = await DownloadAsync(two, tenant, result);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(bytes, await back.Content.ReadAsByteArrayAsync());
        Assert.Equal("SUCCEEDED", (await ExportAsync(queries, "SELECT id FROM orders", "CSV")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Export_PastTheByteCap_FailsLimitExceeded_LeavingNoObjectAndNoIncompleteUpload()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        var tenant = await TestTenant.CreateAsync(api);
        var result = await ExportAsync(await QueriesAsync(one, tenant), Wide(600_000), "CSV");
        Assert.Equal(("FAILED", "LIMIT_EXCEEDED"), (result.GetProperty("status").GetString(), result.GetProperty("errorCode").GetString()));

        // It got as far as uploading parts, then aborted the upload: the store kept nothing of it.
        var prefix = RunPrefixOf(tenant, result);
        var calls = await api.S3.CallsWhenAsync(c => c.Any(a => a.StartsWith($"abort {prefix}", StringComparison.Ordinal)));
        var key = calls.Single(c => c.StartsWith($"initiate {prefix}", StringComparison.Ordinal))["initiate ".Length..];
        Assert.True(calls.Count(c => c.StartsWith($"part {key} ", StringComparison.Ordinal)) >= 2, string.Join('\n', calls));
        Assert.DoesNotContain($"complete {key} 200", calls);
        Assert.Contains(calls, c => c.StartsWith($"abort {key} ", StringComparison.Ordinal) && c.EndsWith(" removed", StringComparison.Ordinal));
        Assert.Equal(0, api.S3.IncompleteUploads);
        Assert.False(await ObjectExistsAsync(key));
        using var s3 = api.Bucket();
        var listed = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = api.S3.Bucket, Prefix = $"results/{tenant.OrganizationId:D}/" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task Export_CancelledAfterItsFirstPart_AbortsTheUpload_LeavingNoObject()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        var tenant = await TestTenant.CreateAsync(api);
        var queries = await QueriesAsync(one, tenant);
        // About 136 bytes a row, slowed on the source: the first 5 MiB part goes up seconds before the end.
        var queued = await queries.RunAsync(
            "SELECT g AS id, repeat(md5(g::text), 4) AS name FROM generate_series(1, 100000) g WHERE CASE WHEN g % 100 = 0 THEN pg_sleep(0.01) IS NOT NULL ELSE true END", mode: "BATCH", format: "CSV");
        var id = queued.GetProperty("result").GetProperty("id").GetString()!;
        var prefix = RunPrefixOf(tenant, queued.GetProperty("result"));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!api.S3.Calls.Any(c => c.StartsWith($"part {prefix}", StringComparison.Ordinal) && c.EndsWith(" 1 200", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no part uploaded in 120 s: " + (await queries.ResultAsync(id)).GetProperty("status"));
            await Task.Delay(50);
        }

        await queries.GraphQL.DataAsync($"mutation {{ cancelQuery(id: \"{id}\") {{ status }} }}");
        var cancelled = await queries.WaitAsync(id, "FAILED");
        Assert.Equal("CANCELLED", cancelled.GetProperty("errorCode").GetString());
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (api.S3.IncompleteUploads > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the multipart upload is still open 60 s after the run was cancelled");
            await Task.Delay(50);
        }

        var key = api.S3.Calls.First(c => c.StartsWith($"initiate {prefix}", StringComparison.Ordinal))["initiate ".Length..];
        Assert.DoesNotContain($"complete {key} 200", api.S3.Calls);
        Assert.False(await ObjectExistsAsync(key));
    }

    [Fact]
    public async Task StoreRefusingTheNode_DownloadAnswersExportUnavailable_NeverExpired()
    {
        await using var one = await api.StartNodeAsync(runJobs: true);
        // A node whose access key the store does not know (a rotated or mistyped secret): 403 on every request.
        await using var misconfigured = await api.StartNodeAsync(runJobs: false, settings: new Dictionary<string, string> { ["Dqp__Exports__S3__AccessKey"] = "NOT-A-KEY" });
        var tenant = await TestTenant.CreateAsync(api);
        var result = await ExportAsync(await QueriesAsync(one, tenant), "SELECT id FROM orders", "CSV");

        using var refused = await DownloadAsync(misconfigured, tenant, result);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "EXPORT_UNAVAILABLE", DependencyFailures.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)), await RefusalAsync(refused));
        // Logged as the operator's to fix, naming the store's error code.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!misconfigured.RecentOutput.Any(l => l.Contains("refused the download", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no log line about the refusal:\n" + string.Join('\n', misconfigured.RecentOutput.TakeLast(40)));
            await Task.Delay(50);
        }

        var line = misconfigured.RecentOutput.First(l => l.Contains("refused the download", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.StartsWith("fail:", line, StringComparison.Ordinal);
        Assert.Contains("(403 ", line, StringComparison.Ordinal);
        using var fine = await DownloadAsync(one, tenant, result);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }
}
