using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DqPlatform.Bench;

/// <summary>
/// Holds the fan-out's subscribers and reads them from one thread that waits on Linux's <c>epoll</c> (x86-64) and times each event's
/// arrival at every subscriber.
/// </summary>
/// <remarks>
/// The load client shares the server's two cores, and every microsecond it spends per message delays the server's
/// next sends. Awaiting a receive per socket cost 11–15 µs per message here: a task per subscriber and event, a read
/// that finds nothing before each wait, and a thread woken for each message. This thread takes what became readable
/// in batches, with one read per message (5–6 µs of CPU per message at 5,000 subscribers); it is asleep only while no
/// socket has data.
/// </remarks>
public sealed class SubscriberPoll : IDisposable
{
    private const int EpollCtlAdd = 1;
    private const uint EpollIn = 0x001;
    private const int EpollCloExec = 0x80000;
    private const int MsgDontWait = 0x40;
    private const int EAgain = 11;
    private const int EIntr = 4;

    private readonly IReadOnlyList<LoadSubscriber> _subscribers;
    private readonly LoadSubscriber.TextHandler[] _handlers;
    private readonly int _epoll;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile Round? _round;
    private volatile Exception? _failure;

    public SubscriberPoll(IReadOnlyList<LoadSubscriber> subscribers)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("The fan-out load client reads with Linux's epoll on x86-64.");
        }

        _subscribers = subscribers;
        _handlers = [.. Enumerable.Range(0, subscribers.Count).Select(i => (LoadSubscriber.TextHandler)(message => OnText(i, message)))];
        _epoll = Check(epoll_create1(EpollCloExec), "epoll_create1");
        for (var i = 0; i < subscribers.Count; i++)
        {
            var registration = new EpollEvent { Events = EpollIn, Data = (ulong)i };
            Check(epoll_ctl(_epoll, EpollCtlAdd, subscribers[i].Descriptor, ref registration), "epoll_ctl");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "fan-out subscribers" };
        _thread.Start();
    }

    /// <summary>
    /// Arms the next event: a <c>next</c> for operation "1" containing <paramref name="expected"/> on every subscriber.
    /// Answers each subscriber's arrival (a <see cref="Stopwatch"/> timestamp) once all have it; fails on any other
    /// message.
    /// </summary>
    public Task<long[]> NextAsync(byte[] expected)
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("The load client failed before this event.", failure);
        }

        var round = new Round(expected, _subscribers.Count);
        _round = round;
        return round.Done.Task;
    }

    /// <summary>One read of what <paramref name="descriptor"/> has, without waiting: the bytes read, 0 at end of stream, -1 for none.</summary>
    public static int ReceiveNow(int descriptor, Span<byte> buffer)
    {
        while (true)
        {
            var read = (int)recv(descriptor, ref MemoryMarshal.GetReference(buffer), buffer.Length, MsgDontWait);
            if (read >= 0)
            {
                return read;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == EAgain)
            {
                return -1;
            }

            if (error != EIntr)
            {
                throw new System.Net.Sockets.SocketException(error);
            }
        }
    }

    private void Run()
    {
        var ready = new EpollEvent[1024];
        while (!_stopping)
        {
            var count = epoll_wait(_epoll, ref ready[0], ready.Length, 100);
            if (count < 0 && Marshal.GetLastPInvokeError() == EIntr)
            {
                continue;
            }

            try
            {
                Check(count, "epoll_wait");
                for (var i = 0; i < count; i++)
                {
                    var index = (int)ready[i].Data;
                    _subscribers[index].ReadAvailable(_handlers[index]);
                }
            }
            catch (Exception e) when (!_stopping)
            {
                Fail(e);
                return;
            }
        }
    }

    private void OnText(int index, ReadOnlySpan<byte> message)
    {
        var at = Stopwatch.GetTimestamp();
        var round = _round;
        if (round is null || !message.StartsWith("{\"id\":\"1\",\"type\":\"next\""u8) || message.IndexOf(round.Expected) < 0 || round.Arrivals[index] != 0)
        {
            Fail(new InvalidOperationException($"Unexpected message at subscriber {index}: " + Encoding.UTF8.GetString(message)));
            return;
        }

        round.Arrivals[index] = at;
        if (--round.Remaining == 0)
        {
            round.Done.TrySetResult(round.Arrivals);
        }
    }

    private void Fail(Exception failure)
    {
        _failure ??= failure;
        _round?.Done.TrySetException(failure);
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new System.Net.Sockets.SocketException(Marshal.GetLastPInvokeError(), call + " failed");

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        close(_epoll);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Dispose();
        }
    }

    // Only the poll thread touches Arrivals and Remaining once the round is armed.
    private sealed class Round(byte[] expected, int subscribers)
    {
        public byte[] Expected { get; } = expected;
        public long[] Arrivals { get; } = new long[subscribers];
        public int Remaining { get; set; } = subscribers;
        public TaskCompletionSource<long[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    // struct epoll_event is packed on x86-64: a 32-bit mask, then the 64-bit user data at offset 4.
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    private struct EpollEvent
    {
        [FieldOffset(0)] public uint Events;
        [FieldOffset(4)] public ulong Data;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epoll, int operation, int descriptor, ref EpollEvent registration);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epoll, ref EpollEvent events, int maxEvents, int timeoutMs);

    [DllImport("libc", SetLastError = true)]
    private static extern nint recv(int descriptor, ref byte buffer, nint length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int descriptor);
}
