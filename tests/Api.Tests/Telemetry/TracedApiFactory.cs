using System.Collections;
using System.Diagnostics;
using DqPlatform.Api.Tests.Checks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace DqPlatform.Api.Tests.Telemetry;

/// <summary>The API with its Hangfire server and a source database, its finished spans kept in memory.</summary>
public sealed class TracedApiFactory : CheckEngineFactory
{
    public SpanList Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.RecordEveryTrace(Spans);
    }
}

public static class TraceRecording
{
    /// <summary>Every trace sampled (the default keeps one in ten) and its finished spans added to <paramref name="spans"/>.</summary>
    public static IWebHostBuilder RecordEveryTrace(this IWebHostBuilder builder, SpanList spans) => builder
        .UseSetting("Dqp:Telemetry:TraceSampleRatio", "1")
        .ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
}

/// <summary>
/// Spans as the exporter hands them over, readable while it adds more. Activity listeners are process-wide, so this
/// also holds other hosts' spans: tests pick theirs by trace id.
/// </summary>
public sealed class SpanList : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public int Count => Snapshot().Count;

    public bool IsReadOnly => false;

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
