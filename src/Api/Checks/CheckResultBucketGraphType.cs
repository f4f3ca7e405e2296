using DqPlatform.Domain.Checks;
using GraphQL.Types;

namespace DqPlatform.Api.Checks;

public sealed class CheckResultBucketGraphType : ObjectGraphType<ResultBucket>
{
    public CheckResultBucketGraphType()
    {
        Name = "CheckResultBucket";
        Description = "A check's results in one bucket of a series, [start, end).";
        Field(b => b.Start);
        Field(b => b.End);
        Field(b => b.Count).Description("Runs stored in the bucket (inside the window).");
        Field(b => b.Passed).Description("Runs whose rule passed.");
        Field(b => b.Failed).Description("Runs whose rule did not pass, those that could not measure included.");
        Field(b => b.MinSensorValue, nullable: true);
        Field(b => b.AvgSensorValue, nullable: true);
        Field(b => b.MaxSensorValue, nullable: true);
    }
}
