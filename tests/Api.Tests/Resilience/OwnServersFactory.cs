using DqPlatform.TestSupport;

namespace DqPlatform.Api.Tests.Resilience;

/// <summary>
/// The API over a PostgreSQL server and a Redis of the test class's own, which its tests stop and start again on the
/// same port (the suite's shared servers must stay up for every other class).
/// </summary>
public sealed class OwnServersFactory : DqApiFactory
{
    private readonly TaskCompletionSource<LocalPostgresServer> _postgres;

    public OwnServersFactory()
        : this(new TaskCompletionSource<LocalPostgresServer>())
    {
    }

    private OwnServersFactory(TaskCompletionSource<LocalPostgresServer> postgres)
        : base(PostgresDatabase.On(async () => await postgres.Task))
    {
        _postgres = postgres;
    }

    public LocalPostgresServer Postgres => _postgres.Task.Result;

    public LocalRedisServer Redis { get; private set; } = null!;

    private LocalRedisServer? _redis;

    public override async Task InitializeAsync()
    {
        _postgres.SetResult(await LocalPostgresServer.StartAsync());
        Redis = _redis = await LocalRedisServer.StartAsync();
        RedisConnectionString = Redis.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        // Whatever InitializeAsync got to start is stopped, even when it failed half way.
        await DisposeHostAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres.Task.IsCompletedSuccessfully)
        {
            await _postgres.Task.Result.DisposeAsync();
        }
    }
}
