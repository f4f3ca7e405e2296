using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.GraphQL.Lists.Projection;
using DqPlatform.GraphQL.Relay;
using GraphQL;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public sealed class CheckResultGraphType : NodeGraphType<CheckResult>
{
    public CheckResultGraphType() : base(r => ResultKey.Of(r).ToString())
    {
        Description = "One execution of a check.";
        Field(r => r.ExecutedAt);
        Field(r => r.ExecutionTimeMs, nullable: true);
        Field(r => r.SensorValue, nullable: true);
        Field(r => r.ExpectedLower, nullable: true).Description("Lowest value the check's anomaly rule expected (null for other rules or while it learns).");
        Field(r => r.ExpectedUpper, nullable: true).Description("Highest value the check's anomaly rule expected.");
        Field(r => r.RulePassed);
        Field(r => r.Severity, nullable: true);
        Field(r => r.ErrorMessage, nullable: true);
        Field(r => r.Explanation, nullable: true).Description("Why the rule judged as it did, when the check type says (schema_drift names each change).");
        Field<NonNullGraphType<EnumerationGraphType<CheckOutcome>>>("outcome").Description("PASSED, FAILED, or ERROR when the run could not measure.")
            .Resolve(c => c.Source.Outcome).Reads(nameof(CheckResult.RulePassed), nameof(CheckResult.ErrorMessage));
        Field<FailedRowSampleGraphType>("failedSamples")
            .Description("Rows that broke the rule, kept by a failing run of a row-level check (null when none were kept). DATASET_FORBIDDEN when the caller's roles may not read the check's table.")
            .Resolve(c => c.Service<FailedSampleLoaders>().Of(c.Source)).Reads(nameof(CheckResult.Id), nameof(CheckResult.ExecutedAt));
        Field<NonNullGraphType<CheckDefinitionGraphType>>("check")
            .Resolve(c => c.Service<CheckLoaders>().Check(c.Source.CheckId));
    }
}
