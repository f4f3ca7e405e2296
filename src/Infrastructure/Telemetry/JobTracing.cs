using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace DqPlatform.Infrastructure.Telemetry;

/// <summary>
/// Carries the trace from the request (or job) that enqueues a job into the job's run: the enqueuer's W3C
/// <c>traceparent</c> is kept as a job parameter (beside the job, never among its arguments), and each perform is an
/// activity under it, tagged with the job's type, method and id.
/// </summary>
public sealed class JobTracing : JobFilterAttribute, IClientFilter, IServerFilter
{
    public const string TraceParentParameter = "traceparent";
    private const string ActivityItem = "dqp.activity";

    public void OnCreating(CreatingContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            context.SetJobParameter(TraceParentParameter, current.Id);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        if (!PlatformInstruments.Source.HasListeners())
        {
            return;
        }

        ActivityContext.TryParse(context.GetJobParameter<string>(TraceParentParameter, allowStale: true), null, isRemote: true, out var parent);
        var job = context.BackgroundJob.Job;
        var activity = PlatformInstruments.Source.StartActivity($"job {job?.Type.Name}.{job?.Method.Name}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("dqp.job.type", job?.Type.Name);
        activity.SetTag("dqp.job.method", job?.Method.Name);
        activity.SetTag("dqp.job.id", context.BackgroundJob.Id);
        context.Items[ActivityItem] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (context.Exception is { } failure && !context.ExceptionHandled)
            {
                // The type only: an exception's message may carry what the job was given.
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", (failure.InnerException ?? failure).GetType().FullName);
            }

            activity.Dispose();
        }
    }
}
