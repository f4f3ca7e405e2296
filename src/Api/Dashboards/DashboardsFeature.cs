using DqPlatform.Api.Schema;

namespace DqPlatform.Api.Dashboards;

/// <summary>The dashboards' aggregate questions (their lists are the other features').</summary>
public static class DashboardsFeature
{
    public static void Register(QueryType query) => DashboardQueries.Register(query);
}
