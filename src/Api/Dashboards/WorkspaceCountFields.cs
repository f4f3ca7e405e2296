using DqPlatform.Api.Checks;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Schema;
using DqPlatform.Api.Tenancy;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Errors;
using DqPlatform.Infrastructure.Dashboards;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Filtering;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Dashboards;

/// <summary>
/// <c>Workspace.incidentCounts</c> and <c>Workspace.checkCounts</c>: a dashboard's header in the same request as its
/// lists, filtered with the lists' own <c>where:</c> inputs. Like the workspace's lists they count the caller's data in
/// this workspace only (an organization admin looking at a sibling workspace counts nothing of it).
/// </summary>
public static class WorkspaceCountFields
{
    public static void Register(WorkspaceGraphType workspace)
    {
        workspace.Field<NonNullGraphType<IncidentCountsGraphType>>("incidentCounts")
            .Description("The workspace's incidents counted by status and by severity; `where` takes the incidents list's filter.")
            .Argument<FilterInputGraphType<Incident>>("where")
            .ResolveAsync(async c => await DashboardCounts.IncidentsAsync(
                Filtered(c, c.Data().Incidents.Where(i => i.Check!.Connection!.WorkspaceId == c.Source.Id), IncidentLists.Incidents), c.CancellationToken));
        workspace.Field<NonNullGraphType<CheckCountsGraphType>>("checkCounts")
            .Description("The workspace's checks counted by the outcome of their latest run; `where` takes the checks list's filter.")
            .Argument<FilterInputGraphType<CheckDefinition>>("where")
            .ResolveAsync(async c => await DashboardCounts.ChecksAsync(
                Filtered(c, c.Data().Checks.Where(x => x.Connection!.WorkspaceId == c.Source.Id), CheckLists.Checks), c.CancellationToken));
    }

    // The rows to count: the workspace's, through the list's own filter.
    private static IQueryable<T> Filtered<T>(IResolveFieldContext context, IQueryable<T> rows, ListSpec<T> spec) =>
        FilterTranslator.ApplyFor(context.RequestServices, rows, spec, context.GetArgument<Dictionary<string, object?>?>("where"));
}
