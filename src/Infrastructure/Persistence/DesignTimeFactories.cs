using DqPlatform.Infrastructure.Persistence.QueryData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DqPlatform.Infrastructure.Persistence;

// `dotnet ef migrations add` builds the model without a server; these factories keep it from needing one.
internal sealed class DqDbContextDesignTimeFactory : IDesignTimeDbContextFactory<DqDbContext>
{
    public DqDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DqDbContext>();
        options.UseDqPostgres(DesignTime.ConnectionString);
        return new DqDbContext(options.Options);
    }
}

internal sealed class QueryDataDbContextDesignTimeFactory : IDesignTimeDbContextFactory<QueryDataDbContext>
{
    public QueryDataDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<QueryDataDbContext>();
        options.UseQueryDataPostgres(DesignTime.ConnectionString);
        return new QueryDataDbContext(options.Options);
    }
}

internal static class DesignTime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? "Host=127.0.0.1;Database=dqp_design;Username=postgres";
}
