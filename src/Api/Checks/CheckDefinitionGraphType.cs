using DqPlatform.Api.Auth;
using DqPlatform.Api.Connections;
using DqPlatform.Api.Incidents;
using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Incidents;
using DqPlatform.Domain.Jobs;
using DqPlatform.GraphQL.Lists;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using DqPlatform.GraphQL.Rendering;
using DqPlatform.GraphQL.Scalars;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public sealed class CheckDefinitionGraphType : NodeGraphType<CheckDefinition>
{
    public CheckDefinitionGraphType() : base(c => c.Id)
    {
        Description = "A data-quality check on a table or column of a connection.";
        Field(c => c.Name);
        Field(c => c.Description, nullable: true);
        Field(c => c.CheckType);
        Field(c => c.TargetType);
        Field(c => c.TargetSchema, nullable: true);
        Field(c => c.TargetTable);
        Field(c => c.TargetColumn, nullable: true);
        Field<NonNullGraphType<JsonScalar>>("config").Resolve(c => c.Source.Config).Reads(nameof(CheckDefinition.Config));
        Field(c => c.Severity);
        Field(c => c.Enabled);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Tags).Reads(nameof(CheckDefinition.Tags));
        Field(c => c.DataProductId, nullable: true);
        Field(c => c.CreatedAt);
        Field(c => c.UpdatedAt);
        Field<NonNullGraphType<ConnectionGraphType>>("connection")
            .ResolvePreloaded(c => c.Connection ?? SourceValueFields.NotLoaded, c => c.Service<ConnectionLoaders>().ById(c.Source.ConnectionId))
            .Reads(nameof(CheckDefinition.ConnectionId));
        Field<CheckResultGraphType>("latestResult")
            .Description("The newest stored result (one indexed lookup per page of checks).")
            .ResolvePreloaded(
                c => c.LatestResultId is null || c.LatestResultAt is null ? null : c.LatestResult ?? SourceValueFields.NotLoaded,
                c => c.Service<CheckLoaders>().Result(new ResultKey(c.Source.LatestResultAt!.Value, c.Source.LatestResultId!.Value)))
            .Reads(nameof(CheckDefinition.LatestResultId), nameof(CheckDefinition.LatestResultAt));
        Field("lastOutcome", c => c.LatestOutcome).Description("How the latest run ended: PASSED, FAILED, ERROR (it could not measure), or NEVER_RUN.");
        ResultSeriesField.Register(this);
        Incidents.IncidentManagementFields.RegisterCheckMute(this);
        Field<ScheduleGraphType>("schedule").Resolve(c => c.Service<CheckLoaders>().ScheduleOf(c.Source.Id)).Reads();
        Field<IncidentGraphType>("activeIncident").Description("The open or acknowledged incident, if any.")
            .Resolve(c => c.Service<CheckLoaders>().ActiveIncidentOf(c.Source.Id)).Reads();
        this.ListField<CheckDefinition, CheckResultGraphType, CheckResult>("results", c => c.Data().CheckResults.Where(r => r.CheckId == c.Source.Id));
        this.ListField<CheckDefinition, IncidentGraphType, Incident>("incidents", c => c.Data().Incidents.Where(i => i.CheckId == c.Source.Id));
        this.ListField<CheckDefinition, JobGraphType, Job>("jobs", c => c.Data().Jobs.Where(j => j.CheckId == c.Source.Id));
    }

}
