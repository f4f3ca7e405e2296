namespace DqPlatform.Bench;

/// <summary>Processor time of processes on this machine, from /proc (Linux only; zero elsewhere).</summary>
public static class CpuTime
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on

    public static TimeSpan Self() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>One process, by id (a PostgreSQL backend serving one connection: <c>pg_backend_pid()</c>).</summary>
    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
            + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond);
    }

    /// <summary>All PostgreSQL server processes together (the benchmark's cluster is the only one running).</summary>
    public static TimeSpan Postgres()
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (stat.IndexOf("(postgres)", StringComparison.Ordinal) < 0 || close < 0)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
