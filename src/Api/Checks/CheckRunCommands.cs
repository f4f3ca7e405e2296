using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Checks;

namespace DqPlatform.Api.Checks;

/// <summary>Running checks on demand and cancelling runs; all need the <c>checks:run</c> scope.</summary>
public sealed class CheckRunCommands(CheckStore checks, IJobQueue queue, ICurrentCaller caller)
{
    public const int MaxChecksPerRun = 1000;

    public async Task<Job> RunAsync(Guid? checkId, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.RunChecks);
        var check = (checkId is { } id ? await checks.FindReadOnlyAsync(id, cancellationToken) : null)
            ?? throw new NotFoundException("CheckDefinition", shownId);
        check.EnsureRunnable();
        var jobIds = await queue.EnqueueAsync([check.Id], JobTrigger.Api, cancellationToken);
        return (await checks.JobsAsync(jobIds, cancellationToken)).Single();
    }

    /// <summary>
    /// Runs every enabled check matching all the given filters (a null filter matches all; at least one must be named),
    /// at most <see cref="MaxChecksPerRun"/> checks. <paramref name="connectionId"/> decodes its id only when asked.
    /// </summary>
    public async Task<List<Job>> RunManyAsync(bool namedAny, string? tag, string? table, Func<Guid>? connectionId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.RunChecks);
        if (!namedAny)
        {
            throw new ValidationException("Name at least one of 'tag', 'table' or 'connectionId'.", "input");
        }

        var ids = await checks.EnabledIdsAsync(tag, table, connectionId?.Invoke(), MaxChecksPerRun + 1, cancellationToken);
        if (ids.Count > MaxChecksPerRun)
        {
            throw new ValidationException($"More than {MaxChecksPerRun} checks match; narrow the selection.", "input");
        }

        var jobIds = await queue.EnqueueAsync(ids, JobTrigger.Api, cancellationToken);
        return await checks.JobsAsync(jobIds, cancellationToken);
    }

    public async Task<Job> CancelAsync(Guid? jobId, string shownId, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.RunChecks);
        if (jobId is not { } id || !await checks.JobExistsAsync(id, cancellationToken))
        {
            throw new NotFoundException("Job", shownId);
        }

        if (!await queue.CancelAsync(id, cancellationToken))
        {
            throw new ConflictException("The job has already finished.");
        }

        return (await checks.JobsAsync([id], cancellationToken)).Single();
    }
}
