using Hangfire.States;
using Hangfire.Storage;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// When Hangfire gives up on a check run (every retry threw), the <c>jobs</c> row ends failed with the reason
/// instead of staying queued or running.
/// </summary>
public sealed class CheckJobFailureFilter(JobStore jobs) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed || context.BackgroundJob.Job?.Type != typeof(CheckJob)
            || context.BackgroundJob.Job.Args.FirstOrDefault() is not Guid jobId)
        {
            return;
        }

        jobs.GiveUp(jobId, failed.Exception.Message);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
