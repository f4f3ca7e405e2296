using System.Net;

namespace DqPlatform.Bench;

/// <summary>
/// A stand-in OpenTelemetry collector for the telemetry benchmark: accepts OTLP/HTTP exports (traces, metrics, logs),
/// counts their bytes and answers 200 with an empty (valid) protobuf response, so the API under test pays for
/// recording, batching, serializing and sending, and nothing fails or retries.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private long _bytes;
    private long _exports;

    public OtlpSink()
    {
        var port = TestSupport.FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Exports => Interlocked.Read(ref _exports);

    private async Task ServeAsync()
    {
        var buffer = new byte[64 * 1024];
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            int read;
            while ((read = await context.Request.InputStream.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref _bytes, read);
            }

            Interlocked.Increment(ref _exports);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
