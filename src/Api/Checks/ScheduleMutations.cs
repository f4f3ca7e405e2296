using DqPlatform.Api.Schema;
using DqPlatform.Api.GraphQL;
using GraphQL;
using GraphQL.Types;

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
                var checkId = input.Value<string>("checkId")!;
                return await c.Service<ScheduleCommands>().CreateAsync(
                    MutationSupport.IdOf(checkId, "CheckDefinition", "checkId"), checkId, Changes(input), c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ScheduleGraphType>>("updateSchedule")
            .Argument<NonNullGraphType<UpdateScheduleInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var id = input.Value<string>("id")!;
                return await c.Service<ScheduleCommands>().UpdateAsync(MutationSupport.IdOf(id, "Schedule"), id, Changes(input), c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteSchedule", "Schedule", d => d.Schedules);
    }

    private static ScheduleCommands.Changes Changes(IDictionary<string, object?> input) => new(
        input.Has("cronExpression") ? input.Value<string>("cronExpression") ?? "" : null,
        input.Value<string>("timezone"),
        input.Has("enabled") ? input.Value<bool>("enabled") : null,
        input.Has("timezone"));
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
