using Hangfire.States;
using Hangfire.Storage;

namespace DqPlatform.Infrastructure.Jobs;

/// <summary>
/// When Hangfire gives up on a check run (every retry threw), the <c>jobs</c> row ends failed with the reason
/// instead of staying queued or running. (A turn that gave up is one turn fewer: <see cref="JobReaper"/> restarts the
/// queue should nothing else be running.)
/// </summary>
public sealed class CheckJobFailureFilter(JobStore jobs) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed || context.BackgroundJob.Job?.Type != typeof(CheckJob))
        {
            return;
        }

        if (context.BackgroundJob.Job.Args.FirstOrDefault() is Guid jobId)
        {
            jobs.GiveUp(jobId, failed.Exception.Message);
        }
        else
        {
            // A turn: the job it had claimed, if it got that far.
            jobs.GiveUpClaimedBy(context.BackgroundJob.Id, failed.Exception.Message);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
