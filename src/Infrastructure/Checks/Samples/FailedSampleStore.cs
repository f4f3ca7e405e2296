using DqPlatform.Domain.Checks.Samples;
using Npgsql;

namespace DqPlatform.Infrastructure.Checks.Samples;

/// <summary>Writes a run's sample in the transaction that stores its result, so a sample never outlives a rolled-back result.</summary>
public static class FailedSampleStore
{
    public static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long resultId, DateTimeOffset executedAt, Guid checkId,
        SealedSample sample, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO dq.check_result_samples (result_id, executed_at, check_id, payload, row_count, truncated)
            VALUES (@result, @at, @check, @payload, @rows, @truncated)
            """, connection, transaction);
        insert.Parameters.AddWithValue("result", resultId);
        insert.Parameters.AddWithValue("at", executedAt);
        insert.Parameters.AddWithValue("check", checkId);
        insert.Parameters.AddWithValue("payload", sample.Payload);
        insert.Parameters.AddWithValue("rows", sample.RowCount);
        insert.Parameters.AddWithValue("truncated", sample.Truncated);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A sample masked and encrypted, ready to store with its result.</summary>
public sealed record SealedSample(byte[] Payload, int RowCount, bool Truncated)
{
    public static SealedSample Of(FailedRowSample sample, byte[] payload) => new(payload, sample.Rows.Count, sample.Truncated);
}
