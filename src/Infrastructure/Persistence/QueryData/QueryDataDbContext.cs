using DqPlatform.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Infrastructure.Persistence.QueryData;

/// <summary>
/// The <c>data</c> schema of seeds 000/001. Only soft references point into <c>dq</c>, so this context can use its own
/// database by changing the <c>Data</c> connection string. Add a migration with
/// <c>dotnet ef migrations add &lt;Name&gt; --context QueryDataDbContext --output-dir Persistence/Migrations/Data --project src/Infrastructure --startup-project src/Api</c>.
/// </summary>
public sealed class QueryDataDbContext(DbContextOptions<QueryDataDbContext> options) : DbContext(options)
{
    public const string Schema = "data";

    public DbSet<SavedQuery> SavedQueries => Set<SavedQuery>();
    public DbSet<QueryResult> QueryResults => Set<QueryResult>();
    public DbSet<QueryAuditEntry> QueryAudit => Set<QueryAuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(QueryDataDbContext).Assembly, t => t.Namespace == typeof(SavedQueryConfiguration).Namespace);
        SqlLiteral.Register(modelBuilder);
    }
}
