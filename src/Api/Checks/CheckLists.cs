using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Jobs;
using DqPlatform.Domain.Scheduling;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Sorting;

namespace DqPlatform.Api.Checks;

public static class CheckLists
{
    public static readonly ListSpec<CheckDefinition> Checks = new ListSpec<CheckDefinition>("CheckDefinition", (CheckDefinition c) => c.Id)
        .GlobalId(c => c.Id)
        .Field("name", c => c.Name)
        .Field("checkType", c => c.CheckType)
        .Field("targetType", c => c.TargetType)
        .Field("targetSchema", c => c.TargetSchema)
        .Field("targetTable", c => c.TargetTable)
        .Field("targetColumn", c => c.TargetColumn)
        .Field("severity", c => c.Severity)
        .Field("enabled", c => c.Enabled)
        .Field("tags", c => c.Tags)
        .Field("dataProductId", c => c.DataProductId)
        .Reference("connectionId", c => c.ConnectionId, "Connection")
        .Field("latestResultAt", c => c.LatestResultAt)
        .Field("lastOutcome", c => c.LatestOutcome)
        .Field("createdAt", c => c.CreatedAt)
        .Field("updatedAt", c => c.UpdatedAt)
        .OrderByDefault(SortKey.Asc((CheckDefinition c) => c.Name))
        .Preload("connection", c => c.Connection)
        // The pointer's row, by primary key (its executed_at prunes the partitions) and only among the check's own.
        // executed_at as a range, not an equality: with only equalities EF Core turns the lookup into a join on
        // ROW_NUMBER() over every stored result (15 s a page at 1M results) instead of a LATERAL lookup.
        .PreloadLookup("latestResult", c => c.LatestResult, (c, results) =>
            results.FirstOrDefault(r => r.ExecutedAt >= c.LatestResultAt && r.ExecutedAt <= c.LatestResultAt && r.Id == c.LatestResultId && r.CheckId == c.Id));

    /// <summary>Newest first by default, the order of the (check_id, executed_at DESC) index.</summary>
    public static readonly ListSpec<CheckResult> Results = new ListSpec<CheckResult>("CheckResult", (CheckResult r) => r.Id)
        .Reference("checkId", r => r.CheckId, "CheckDefinition")
        .Field("executedAt", r => r.ExecutedAt)
        .Field("executionTimeMs", r => r.ExecutionTimeMs)
        .Field("sensorValue", r => r.SensorValue)
        .Field("expectedLower", r => r.ExpectedLower)
        .Field("expectedUpper", r => r.ExpectedUpper)
        .Field("rulePassed", r => r.RulePassed)
        .Field("severity", r => r.Severity)
        .Field("errorMessage", r => r.ErrorMessage)
        .OrderByDefault(SortKey.Desc((CheckResult r) => r.ExecutedAt));

    public static readonly ListSpec<Schedule> Schedules = new ListSpec<Schedule>("Schedule", (Schedule s) => s.Id)
        .GlobalId(s => s.Id)
        .Reference("checkId", s => s.CheckId, "CheckDefinition")
        .Field("cronExpression", s => s.CronExpression)
        .Field("timezone", s => s.Timezone)
        .Field("enabled", s => s.Enabled)
        .Field("lastRunAt", s => s.LastRunAt)
        .Field("nextRunAt", s => s.NextRunAt)
        .Field("createdAt", s => s.CreatedAt)
        .OrderByDefault(SortKey.Asc((Schedule s) => s.NextRunAt));

    public static readonly ListSpec<Job> Jobs = new ListSpec<Job>("Job", (Job j) => j.Id)
        .GlobalId(j => j.Id)
        .Reference("checkId", j => j.CheckId, "CheckDefinition")
        .Field("status", j => j.Status)
        .Enum<JobTriggerGraphType>("triggeredBy", j => j.TriggeredBy)
        .Field("createdAt", j => j.CreatedAt)
        .Field("startedAt", j => j.StartedAt)
        .Field("completedAt", j => j.CompletedAt)
        .OrderByDefault(SortKey.Desc((Job j) => j.CreatedAt));
}
