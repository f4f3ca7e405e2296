using DqPlatform.Api.Schema;
using DqPlatform.Infrastructure.Persistence;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Scheduling;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Relay;

namespace DqPlatform.Api.Checks;

/// <summary>The schedules checks run on and the jobs that ran them: lists, node types and schedule mutations.</summary>
public static class SchedulingFeature
{
    public static IServiceCollection AddSchedulingFeature(this IServiceCollection services)
    {
        services.AddScoped<ScheduleCommands>();
        services.AddSingleton(CheckLists.Schedules);
        services.AddSingleton(CheckLists.Jobs);
        services.AddSingleton(NodeType.ByUuid("Schedule",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Schedules, ids, ct), (Schedule x) => x.Id));
        services.AddSingleton(NodeType.ByUuid("Job",
            (s, ids, ct) => WorkspaceData.ByIdsAsync(s.Data().Jobs, ids, ct), (Job j) => j.Id));
        return services;
    }

    public static void Register(QueryType query)
    {
        query.ListField<object?, ScheduleGraphType, Schedule>("schedules", c => c.Data().Schedules);
        query.ListField<object?, JobGraphType, Job>("jobs", c => c.Data().Jobs);
    }

    public static void Register(MutationType mutation) => ScheduleMutations.Register(mutation);
}
