using DqPlatform.Domain.Jobs;

namespace DqPlatform.Domain.Tests.Jobs;

public sealed class JobTransitionsTests
{
    [Theory]
    [InlineData(JobStatus.Queued, null, true)]
    [InlineData(JobStatus.Running, "bg-1", true)]
    [InlineData(JobStatus.Running, "bg-2", false)]
    [InlineData(JobStatus.Completed, "bg-1", false)]
    [InlineData(JobStatus.Cancelled, null, false)]
    public void Claim_TakesAQueuedJob_OrItsOwnRetry(JobStatus status, string? claimedBy, bool claims) =>
        Assert.Equal(claims, JobTransitions.CanClaim(status, claimedBy, "bg-1"));

    [Fact]
    public void Unfinished_AndTerminal_PartitionTheStatuses()
    {
        Assert.Empty(JobTransitions.Unfinished.Intersect(JobTransitions.Terminal));
        Assert.Equal(Enum.GetValues<JobStatus>().Order(), JobTransitions.Unfinished.Concat(JobTransitions.Terminal).Order());
    }

    [Fact]
    public void Finished_WhenRunCouldNotMeasure_FailsOtherwiseCompletes()
    {
        Assert.Equal(JobStatus.Completed, JobTransitions.Finished(null));
        Assert.Equal(JobStatus.Failed, JobTransitions.Finished("source away"));
    }
}
