using DqPlatform.Domain.Jobs;
using DqPlatform.Infrastructure.Jobs;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DqPlatform.Infrastructure.Tests.Jobs;

/// <summary>Each statement of the store moves a job only along <see cref="JobTransitions"/>.</summary>
public sealed class JobStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    public void Dispose() => _dataSource.Dispose();

    [Fact]
    public async Task Claim_TakesAQueuedJobOnce_AndAgainOnlyForTheSameBackgroundJob()
    {
        var (store, jobId) = await QueuedJobAsync();

        Assert.True(await store.ClaimAsync(jobId, "bg-1", T0, CancellationToken.None));
        Assert.False(await store.ClaimAsync(jobId, "bg-2", T0, CancellationToken.None));
        Assert.True(await store.ClaimAsync(jobId, "bg-1", T0, CancellationToken.None));
        Assert.Equal(JobStatus.Running, (await JobAsync(jobId)).Status);
    }

    [Fact]
    public async Task Cancel_MovesAnUnfinishedJobOnce_AndNothingMovesItAfterwards()
    {
        var (store, jobId) = await QueuedJobAsync();

        Assert.True(await store.CancelAsync(jobId, CancellationToken.None));
        Assert.False(await store.CancelAsync(jobId, CancellationToken.None));
        Assert.False(await store.ClaimAsync(jobId, "bg-1", T0, CancellationToken.None));
        store.GiveUp(jobId, "too late");

        var job = await JobAsync(jobId);
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(JobTransitions.CancelledMessage, job.ErrorMessage);
        Assert.True(await store.IsCancelledAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task GiveUp_FailsAnUnfinishedJob_WithTheReason()
    {
        var (store, jobId) = await QueuedJobAsync();
        await store.ClaimAsync(jobId, "bg-1", T0, CancellationToken.None);

        store.GiveUp(jobId, "platform database away");

        var job = await JobAsync(jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(JobTransitions.GaveUpMessage("platform database away"), job.ErrorMessage);
    }

    [Fact]
    public async Task HandBack_ReturnsARunningJobToTheQueue_ButNotAFinishedOne()
    {
        var (store, running) = await QueuedJobAsync();
        await store.ClaimAsync(running, "bg-1", T0, CancellationToken.None);
        var (_, cancelled) = await QueuedJobAsync();
        await store.CancelAsync(cancelled, CancellationToken.None);

        await store.HandBackAsync(running);
        await store.HandBackAsync(cancelled);

        Assert.Equal(JobStatus.Queued, (await JobAsync(running)).Status);
        Assert.Equal(JobStatus.Cancelled, (await JobAsync(cancelled)).Status);
    }

    private async Task<(JobStore Store, Guid JobId)> QueuedJobAsync()
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        var store = new JobStore(_dataSource);
        var ids = await store.AddQueuedAsync([check.Id], JobTrigger.Api, 1, CancellationToken.None);
        return (store, Assert.Single(ids));
    }

    private async Task<Job> JobAsync(Guid id)
    {
        await using var db = database.CreateDqContext();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }
}
