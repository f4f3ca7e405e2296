using Hangfire.States;
using Hangfire.Storage;
using Npgsql;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// When Hangfire gives up on a check run (every retry threw), the <c>jobs</c> row ends failed with the reason
/// instead of staying queued or running.
/// </summary>
public sealed class CheckJobFailureFilter(NpgsqlDataSource dataSource) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed || context.BackgroundJob.Job?.Type != typeof(CheckJob)
            || context.BackgroundJob.Job.Args.FirstOrDefault() is not Guid jobId)
        {
            return;
        }

        using var command = dataSource.CreateCommand("""
            UPDATE dq.jobs SET status = 'failed', completed_at = now(), error_message = $2
            WHERE id = $1 AND status IN ('queued', 'running')
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue("The run failed after its retries: " + failed.Exception.Message);
        command.ExecuteNonQuery();
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
