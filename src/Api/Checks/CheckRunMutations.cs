using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Jobs;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

/// <summary>Running checks on demand and cancelling runs (see <see cref="CheckRunCommands"/>).</summary>
public static class CheckRunMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<JobGraphType>>("runCheck")
            .Description("Queues a run of one enabled check and answers its job (status QUEUED).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<CheckRunCommands>().RunAsync(MutationSupport.IdOf(id, "CheckDefinition"), id, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobGraphType>>>>("runChecks")
            .Description($"Queues runs of every enabled check matching all the given filters (at most {CheckRunCommands.MaxChecksPerRun}).")
            .Argument<NonNullGraphType<RunChecksInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var connection = input.Value<string>("connectionId");
                return await c.Service<CheckRunCommands>().RunManyAsync(
                    input.Has("tag") || input.Has("table") || input.Has("connectionId"),
                    input.Value<string>("tag"),
                    input.Value<string>("table"),
                    connection is null ? null : () => MutationSupport.IdOf(connection, "Connection", "connectionId"),
                    c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<JobGraphType>>("cancelJob")
            .Description("Cancels a queued or running job; a running sensor is stopped on the source database.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = c.GetArgument<string>("id");
                return await c.Service<CheckRunCommands>().CancelAsync(MutationSupport.IdOf(id, "Job"), id, c.CancellationToken);
            });
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
