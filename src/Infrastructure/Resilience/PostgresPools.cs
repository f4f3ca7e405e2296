using Npgsql;

namespace DqPlatform.Infrastructure.Resilience;

/// <summary>
/// Empties the PostgreSQL connection pools of this process once a connection turned out broken. Npgsql does not test
/// a pooled connection before handing it out, so after a server restart every idle connection would fail its next
/// request once, one request after another; emptied, the next requests open fresh connections instead.
/// </summary>
public static class PostgresPools
{
    private static readonly List<WeakReference<NpgsqlDataSource>> DataSources = [];
    private static long _lastClearedTicks;

    /// <summary>A data source built by the platform (not through a connection string), emptied along with the rest.</summary>
    public static NpgsqlDataSource Track(NpgsqlDataSource dataSource)
    {
        lock (DataSources)
        {
            DataSources.RemoveAll(r => !r.TryGetTarget(out _));
            DataSources.Add(new WeakReference<NpgsqlDataSource>(dataSource));
        }

        return dataSource;
    }

    /// <summary>Empties every pool when <paramref name="failure"/> broke its connection; answers whether it did.</summary>
    public static bool ClearAfter(Exception failure)
    {
        if (!DependencyFailures.IsBrokenConnection(failure))
        {
            return false;
        }

        // Every concurrent request that met a broken connection reports it; one clearing per moment is enough, and
        // clearing again and again would close the fresh connections opened in between.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastClearedTicks);
        if (now - last < 250 || Interlocked.CompareExchange(ref _lastClearedTicks, now, last) != last)
        {
            return true;
        }

        // The pools of connection strings: both EF Core contexts and Hangfire's storage.
        NpgsqlConnection.ClearAllPools();
        lock (DataSources)
        {
            foreach (var reference in DataSources)
            {
                if (reference.TryGetTarget(out var dataSource))
                {
                    dataSource.Clear();
                }
            }
        }

        return true;
    }
}
