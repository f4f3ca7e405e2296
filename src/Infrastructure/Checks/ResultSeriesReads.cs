using DqPlatform.Domain.Checks;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace DqPlatform.Infrastructure.Checks;

/// <summary>
/// Result series (<see cref="ResultSeriesWindow"/>) aggregated by PostgreSQL, one statement for any number of checks.
/// The executed_at bounds prune the monthly partitions to the window's; each check's range is an index-only scan of
/// idx_results_check, which carries rule_passed and sensor_value for this. <c>date_bin</c> cuts buckets in absolute
/// time from the window's origin, so the session's time zone never moves them; only buckets that hold results come
/// back, and the window fills in the empty ones. Checks outside the caller's workspace read nothing.
/// </summary>
/// <remarks>
/// One lateral aggregate per check, grouped by the bucket alone: grouping (check_id, bucket) over all checks at once
/// made PostgreSQL sort the 43,200 rows of a one-minute check's month by uuid and time, about 1.5 times as long.
/// </remarks>
public sealed class ResultSeriesReads(WorkspaceData data)
{
    /// <summary>The statement (public for the benchmark's EXPLAIN); parameters as <see cref="Parameters"/> gives them.</summary>
    public const string Sql = """
        SELECT k.id AS check_id, s.start, s.runs, s.passed, s.min_value, s.avg_value, s.max_value
        FROM unnest(@checks) AS k(id)
        CROSS JOIN LATERAL (
            SELECT date_bin(@width, r.executed_at, @origin) AS start, count(*)::int AS runs,
                   (count(*) FILTER (WHERE r.rule_passed))::int AS passed,
                   min(r.sensor_value) AS min_value, trim_scale(avg(r.sensor_value)) AS avg_value, max(r.sensor_value) AS max_value
            FROM dq.check_results r
            WHERE r.check_id = k.id AND r.executed_at >= @since AND r.executed_at < @until
            GROUP BY 1) s
        WHERE k.id IN (SELECT d.id FROM dq.check_definitions d JOIN dq.connections c ON c.id = d.connection_id
                       WHERE d.id = ANY (@checks) AND c.workspace_id = @workspace)
        """;

    /// <summary>Each check's buckets, every bucket of the window for every check asked for (empty where none ran).</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ResultBucket>>> SeriesAsync(
        ResultSeriesWindow window, IReadOnlyCollection<Guid> checkIds, CancellationToken cancellationToken)
    {
        var rows = await data.Db.Database.SqlQueryRaw<SeriesRow>(Sql, Parameters(window, checkIds, data.WorkspaceId)).ToListAsync(cancellationToken);
        var byCheck = rows.ToLookup(r => r.CheckId, r => new ResultBucket(
            r.Start, r.Start + window.Width, r.Runs, r.Passed, r.MinValue, r.AvgValue, r.MaxValue));
        return checkIds.Distinct().ToDictionary(id => id, id => window.Fill(byCheck[id]));
    }

    public static object[] Parameters(ResultSeriesWindow window, IReadOnlyCollection<Guid> checkIds, Guid workspaceId) =>
    [
        new NpgsqlParameter("width", NpgsqlDbType.Interval) { Value = window.Width },
        new NpgsqlParameter("origin", NpgsqlDbType.TimestampTz) { Value = ResultSeriesWindow.Origin },
        new NpgsqlParameter("checks", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = checkIds.ToArray() },
        new NpgsqlParameter("workspace", NpgsqlDbType.Uuid) { Value = workspaceId },
        new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = window.Since },
        new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = window.Until },
    ];

    private sealed record SeriesRow(Guid CheckId, DateTimeOffset Start, int Runs, int Passed, decimal? MinValue, decimal? AvgValue, decimal? MaxValue);
}
