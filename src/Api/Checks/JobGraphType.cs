using DqPlatform.Domain.Checks;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Jobs;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public sealed class JobGraphType : NodeGraphType<Job>
{
    public JobGraphType() : base(j => j.Id)
    {
        Description = "One requested run of a check, from queued to a final state.";
        Field(j => j.Status);
        Field(j => j.CreatedAt);
        Field(j => j.StartedAt, nullable: true);
        Field(j => j.CompletedAt, nullable: true);
        Field(j => j.ErrorMessage, nullable: true);
        Field(j => j.TriggeredBy, type: typeof(NonNullGraphType<JobTriggerGraphType>));
        Field<CheckResultGraphType>("result")
            .Description("The stored result, once the job has completed or failed.")
            .Resolve(c => c.Source.ResultId is { } id && c.Source.CompletedAt is { } at
                ? c.Service<CheckLoaders>().Result(new ResultKey(at, id))
                : null);
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check")
            .Resolve(c => c.Service<CheckLoaders>().Check(c.Source.CheckId));
    }
}
