using DqPlatform.Domain.Connections;
using DqPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Tests.Persistence;

public sealed class EnumMappingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(ConnectionType.Sqlserver, "sqlserver")]
    [InlineData(ConnectionType.Bigquery, "bigquery")]
    [InlineData(ConnectionType.Postgresql, "postgresql")]
    public async Task ConnectionType_IsStoredWithTheSeedLabel(ConnectionType type, string label)
    {
        await using var db = database.CreateDqContext();
        var check = await TestData.CreateCheckAsync(db);
        var connection = await db.Connections.SingleAsync(c => c.Id == check.ConnectionId);
        connection.Type = type;
        await db.SaveChangesAsync();

        var stored = await db.Database.SqlQuery<string>($"SELECT type::text AS \"Value\" FROM dq.connections WHERE id = {connection.Id}").SingleAsync();
        Assert.Equal(label, stored);
        Assert.Equal(type, (await db.Connections.AsNoTracking().SingleAsync(c => c.Id == connection.Id)).Type);
    }
}
