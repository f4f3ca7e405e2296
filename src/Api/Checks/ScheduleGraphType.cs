using DqPlatform.Api.Schema;
using DqPlatform.Domain.Scheduling;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public sealed class ScheduleGraphType : NodeGraphType<Schedule>
{
    public ScheduleGraphType() : base(s => s.Id)
    {
        Description = "When a check runs: a cron expression in a time zone.";
        Field(s => s.CronExpression);
        Field(s => s.Timezone);
        Field(s => s.Enabled);
        Field(s => s.LastRunAt, nullable: true);
        Field(s => s.NextRunAt, nullable: true);
        Field(s => s.CreatedAt);
        Field(s => s.UpdatedAt);
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check")
            .Resolve(c => c.Service<CheckLoaders>().Check(c.Source.CheckId));
    }
}
