using DqPlatform.Api.GraphQL;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Notifications.Quiet;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Scalars;
using DqPlatform.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Maintenance;

/// <summary>Maintenance windows: their list, node type and mutations (issue 32's quiet times).</summary>
public static class MaintenanceFeature
{
    private static readonly ListSpec<MaintenanceWindow> Windows = new ListSpec<MaintenanceWindow>("MaintenanceWindow", (MaintenanceWindow w) => w.Id)
        .GlobalId(w => w.Id)
        .Field("name", w => w.Name)
        .Field("tag", w => w.Tag)
        .Field("startsAt", w => w.StartsAt)
        .Field("endsAt", w => w.EndsAt)
        .Field("createdAt", w => w.CreatedAt)
        .OrderByDefault(SortKey.Asc((MaintenanceWindow w) => w.Name));

    public static IServiceCollection AddMaintenanceFeature(this IServiceCollection services)
    {
        services.AddScoped<MaintenanceWindowCommands>();
        services.AddSingleton(Windows);
        services.AddSingleton(NodeType.ByUuid("MaintenanceWindow",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().MaintenanceWindows, ids, ct), (MaintenanceWindow w) => w.Id));
        return services;
    }

    public static void Register(QueryType query) =>
        query.ListField<object?, MaintenanceWindowGraphType, MaintenanceWindow>("maintenanceWindows", c => c.Data().MaintenanceWindows);

    public static void Register(MutationType mutation)
    {
        mutation.Field<NonNullGraphType<MaintenanceWindowGraphType>>("createMaintenanceWindow")
            .Description("Declares a recurring (cronExpression, timezone, durationMinutes) or one-off (startsAt, endsAt) window during which nothing is delivered for what it covers.")
            .Argument<NonNullGraphType<CreateMaintenanceWindowInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var connection = input.Value<string>("connectionId");
                return await c.Service<MaintenanceWindowCommands>().CreateAsync(new MaintenanceWindowCommands.Definition(
                    input.Value<string>("name") ?? "", connection is null ? null : MutationSupport.IdOf(connection, "Connection", "connectionId"), connection,
                    input.Value<string>("tag"), input.Value<string>("cronExpression"), input.Value<string>("timezone"), input.Value<int?>("durationMinutes"),
                    input.Value<DateTimeOffset?>("startsAt"), input.Value<DateTimeOffset?>("endsAt")), c.CancellationToken);
            });

        MutationSupport.RegisterDelete(mutation, "deleteMaintenanceWindow", "MaintenanceWindow", d => d.MaintenanceWindows);
    }
}

public sealed class CreateMaintenanceWindowInputType : InputObjectGraphType
{
    public CreateMaintenanceWindowInputType()
    {
        Name = "CreateMaintenanceWindowInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<IdGraphType>("connectionId").Description("Only this connection's incidents (default: the whole workspace).");
        Field<StringGraphType>("tag").Description("Only incidents of checks carrying this tag.");
        Field<StringGraphType>("cronExpression").Description("Recurring: five fields (or six with seconds); each fire opens the window.");
        Field<StringGraphType>("timezone").Description("IANA zone of the cron expression (default UTC).");
        Field<IntGraphType>("durationMinutes").Description("Recurring: how long each fire keeps the window open (at most 7 days).");
        Field<DateTimeScalar>("startsAt").Description("One-off: from (inclusive).");
        Field<DateTimeScalar>("endsAt").Description("One-off: to (exclusive); at most 90 days after startsAt.");
    }
}
