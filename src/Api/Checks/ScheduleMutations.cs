using DqPlatform.Api.Auth;
using DqPlatform.Api.GraphQL;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Scheduling;
using DqPlatform.Domain.Tenancy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Checks;

public static class ScheduleMutations
{
    public static void Register(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ScheduleGraphType>>("createSchedule")
            .Argument<NonNullGraphType<CreateScheduleInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var checkId = MutationSupport.IdOf(input.Value<string>("checkId")!, "CheckDefinition");
                if (!await data.Checks.AnyAsync(x => x.Id == checkId, c.CancellationToken))
                {
                    throw new NotFoundException("CheckDefinition", input["checkId"]!);
                }

                var schedule = new Schedule { CheckId = checkId, CronExpression = "" };
                Apply(schedule, input, creating: true);
                data.Db.Schedules.Add(schedule);
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return schedule;
            });

        mutation.Field<NonNullGraphType<ScheduleGraphType>>("updateSchedule")
            .Argument<NonNullGraphType<UpdateScheduleInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var data = MutationSupport.WritableData(c);
                var id = MutationSupport.IdOf(input.Value<string>("id")!, "Schedule");
                var schedule = await data.Schedules.SingleOrDefaultAsync(x => x.Id == id, c.CancellationToken)
                    ?? throw new NotFoundException("Schedule", input["id"]!);
                Apply(schedule, input, creating: false);
                schedule.UpdatedAt = DateTimeOffset.UtcNow;
                await MutationSupport.SaveAsync(data.Db, c.CancellationToken);
                return schedule;
            });

        MutationSupport.RegisterDelete(mutation, "deleteSchedule", "Schedule", d => d.Schedules);
    }

    private static void Apply(Schedule schedule, IDictionary<string, object?> input, bool creating)
    {
        var cron = creating || input.Has("cronExpression") ? input.Value<string>("cronExpression")?.Trim() ?? "" : schedule.CronExpression;
        var timezone = input.Has("timezone") ? input.Value<string>("timezone") ?? "UTC" : schedule.Timezone;
        var expression = CronSchedule.Parse(cron, timezone);
        schedule.CronExpression = cron;
        schedule.Timezone = timezone;
        schedule.Enabled = input.Has("enabled") ? input.Value<bool>("enabled") : schedule.Enabled;
        schedule.NextRunAt = expression.NextAfter(DateTimeOffset.UtcNow);
    }

}

public sealed class CreateScheduleInputType : InputObjectGraphType
{
    public CreateScheduleInputType()
    {
        Name = "CreateScheduleInput";
        Field<NonNullGraphType<IdGraphType>>("checkId");
        Field<NonNullGraphType<StringGraphType>>("cronExpression").Description("Five fields, or six with seconds.");
        Field<StringGraphType>("timezone").Description("IANA time zone, default UTC.");
        Field<BooleanGraphType>("enabled");
    }
}

public sealed class UpdateScheduleInputType : InputObjectGraphType
{
    public UpdateScheduleInputType()
    {
        Name = "UpdateScheduleInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("cronExpression");
        Field<StringGraphType>("timezone");
        Field<BooleanGraphType>("enabled");
    }
}
