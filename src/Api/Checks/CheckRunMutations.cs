using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Jobs;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Checks;

/// <summary>Running checks on demand and cancelling runs; all need the <c>checks:run</c> scope.</summary>
public static class CheckRunMutations
{
    public const int MaxChecksPerRun = 1000;

    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<JobGraphType>>("runCheck")
            .Description("Queues a run of one enabled check and answers its job (status QUEUED).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var data = RunnerData(c);
                var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "CheckDefinition");
                var check = await data.Checks.AsNoTracking().Select(x => new { x.Id, x.Enabled }).SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("CheckDefinition", c.GetArgument<string>("id"));
                if (!check.Enabled)
                {
                    throw new ValidationException("The check is disabled; enable it to run it.", "id");
                }

                var jobIds = await c.Service<CheckJobQueue>().EnqueueAsync([check.Id], JobTrigger.Api, c.CancellationToken);
                return await data.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobIds[0], c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobGraphType>>>>("runChecks")
            .Description($"Queues runs of every enabled check matching all the given filters (at most {MaxChecksPerRun}).")
            .Argument<NonNullGraphType<RunChecksInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = RunnerData(c);
                var checks = data.Checks.AsNoTracking().Where(x => x.Enabled);
                if (!input.Has("tag") && !input.Has("table") && !input.Has("connectionId"))
                {
                    throw new ValidationException("Name at least one of 'tag', 'table' or 'connectionId'.", "input");
                }

                if (input.Value<string>("tag") is { } tag)
                {
                    checks = checks.Where(x => x.Tags.Contains(tag));
                }

                if (input.Value<string>("table") is { } table)
                {
                    checks = checks.Where(x => x.TargetTable == table);
                }

                if (input.Value<string>("connectionId") is { } connection)
                {
                    var connectionId = MutationSupport.IdOf(connection, "Connection");
                    checks = checks.Where(x => x.ConnectionId == connectionId);
                }

                var ids = await checks.OrderBy(x => x.Id).Select(x => x.Id).Take(MaxChecksPerRun + 1).ToListAsync(c.CancellationToken);
                if (ids.Count > MaxChecksPerRun)
                {
                    throw new ValidationException($"More than {MaxChecksPerRun} checks match; narrow the selection.", "input");
                }

                var jobIds = await c.Service<CheckJobQueue>().EnqueueAsync(ids, JobTrigger.Api, c.CancellationToken);
                return await data.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).OrderBy(j => j.CheckId).ToListAsync(c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<JobGraphType>>("cancelJob")
            .Description("Cancels a queued or running job; a running sensor is stopped on the source database.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var data = RunnerData(c);
                var id = MutationSupport.IdOf(c.GetArgument<string>("id"), "Job");
                if (!await data.Jobs.AnyAsync(j => j.Id == id, c.CancellationToken))
                {
                    throw new NotFoundException("Job", c.GetArgument<string>("id"));
                }

                if (!await c.Service<CheckJobQueue>().CancelAsync(id, c.CancellationToken))
                {
                    throw new ConflictException("The job has already finished.");
                }

                return await data.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, c.CancellationToken);
            });
    }

    private static WorkspaceData RunnerData(IResolveFieldContext c)
    {
        c.Service<RequestCaller>().Require(ApiKeyScopes.RunChecks);
        return c.Data();
    }
}

public sealed class RunChecksInputType : InputObjectGraphType
{
    public RunChecksInputType()
    {
        Name = "RunChecksInput";
        Description = "Which checks to run; given filters must all match.";
        Field<StringGraphType>("tag");
        Field<StringGraphType>("table").Description("Target table name, exactly as stored on the checks.");
        Field<IdGraphType>("connectionId");
    }
}
