using DqPlatform.Domain.Jobs;
using DqPlatform.GraphQL.Enums;

namespace DqPlatform.Api.Checks;

/// <summary>What started a job (<c>jobs.triggered_by</c>).</summary>
public sealed class JobTriggerGraphType() : TextEnumGraphType("JobTrigger", "What started a job.",
    JobTrigger.Api, JobTrigger.Schedule, JobTrigger.Webhook);
