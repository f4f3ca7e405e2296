using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// Applies the migrations of both schemas and Hangfire's own (schema <c>hangfire</c>), then makes sure the months
/// ahead have their partitions.
/// </summary>
public sealed partial class DatabaseMigrator(
    DqDbContext dq, QueryDataDbContext data, PartitionMaintenance partitions, Npgsql.NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // EF Core takes a database-wide migration lock, so several nodes starting at once apply each migration once.
        await dq.Database.MigrateAsync(cancellationToken);
        await data.Database.MigrateAsync(cancellationToken);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            Jobs.JobsServiceCollectionExtensions.InstallHangfireSchema(connection);
        }

        // The connection pools may have read the catalog before the migrations created the enum types.
        await ReloadTypesAsync(dq, cancellationToken);
        await ReloadTypesAsync(data, cancellationToken);
        var created = await partitions.EnsureAheadAsync(cancellationToken);
        LogMigrated(logger, created);
    }

    private static async Task ReloadTypesAsync(DbContext context, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ((Npgsql.NpgsqlConnection)context.Database.GetDbConnection()).ReloadTypesAsync(cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated; {Created} monthly partitions created")]
    private static partial void LogMigrated(ILogger logger, int created);
}
