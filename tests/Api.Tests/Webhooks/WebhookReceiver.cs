using System.Collections.Concurrent;
using System.Net;
using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Webhooks;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records every request and answers with the next scripted status.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _script;
    private readonly Task _loop;

    public WebhookReceiver(params HttpStatusCode[] script)
        : this("hook/", script)
    {
    }

    /// <param name="path">The path it listens on, ending in a slash (chat services carry their token there).</param>
    public WebhookReceiver(string path, params HttpStatusCode[] script)
    {
        Url = $"http://127.0.0.1:{FreePort.Next()}/{path}";
        _script = new ConcurrentQueue<HttpStatusCode>(script);
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string Body, IReadOnlyDictionary<string, string> Headers, HttpStatusCode Answer);

    private async Task LoopAsync()
    {
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

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var answer = _script.TryDequeue(out var scripted) ? scripted : HttpStatusCode.OK;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new Received(body, headers, answer));
            context.Response.StatusCode = (int)answer;
            context.Response.Close();
        }
    }

    public async Task WaitForAsync(int count, int seconds = 40)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the receiver got {Requests.Count} of {count} requests");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
