using System.Linq.Expressions;
using DqPlatform.Domain.Incidents;
using DqPlatform.GraphQL.Lists.Paging;
using DqPlatform.GraphQL.Lists.Sorting;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
#pragma warning disable EF1001 // the provider's SQL generator factory, subclassed only to count its use
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace DqPlatform.Api.Tests.GraphQL;

/// <summary>
/// The page size is written into a page's SQL, yet a page asked for again must not have its SQL generated again:
/// EF Core's <c>EF.Constant</c> did exactly that, under one lock per query, so concurrent dashboard requests queued.
/// </summary>
public sealed class PageStatementCacheTests(DqApiFactory api) : IClassFixture<DqApiFactory>
{
    [Fact]
    public async Task SamePageSizeAgain_ReusesItsSql_AnotherSizeIsOneMoreStatement()
    {
        var options = new DbContextOptionsBuilder<DqDbContext>();
        options.UseDqPostgres(api.Database.ConnectionString).ReplaceService<IQuerySqlGeneratorFactory, CountingSqlGeneratorFactory>();
        await using var db = new DqDbContext(options.Options);
        var generated = (CountingSqlGeneratorFactory)db.GetService<IQuerySqlGeneratorFactory>();
        Expression<Func<Incident, Guid>> byId = i => i.Id;
        SortKey[] order = [new(byId, Descending: false)];
        // The literal the API's lists write page sizes with (registered by the API, translated by its models).
        var sizeLiteral = api.Services.GetRequiredService<PageSizeLiteral>();
        Task<Page<Incident>> PageAsync(int size) =>
            Paginator.PageAsync(db.Incidents.Where(i => i.Status == IncidentStatus.Open), order, new PageArguments(size, null, null, null), CancellationToken.None,
                sizeLiteral: sizeLiteral);

        await PageAsync(10);
        var afterFirst = generated.Count;
        await PageAsync(10);
        await PageAsync(10);
        var afterRepeats = generated.Count;
        await PageAsync(20);
        await PageAsync(20);

        Assert.True(afterFirst >= 1);
        Assert.Equal(afterFirst, afterRepeats);
        Assert.Equal(afterFirst + 1, generated.Count);
    }

    private sealed class CountingSqlGeneratorFactory(
        QuerySqlGeneratorDependencies dependencies, IRelationalTypeMappingSource typeMappingSource, INpgsqlSingletonOptions options)
        : NpgsqlQuerySqlGeneratorFactory(dependencies, typeMappingSource, options)
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override QuerySqlGenerator Create()
        {
            Interlocked.Increment(ref _count);
            return base.Create();
        }
    }
}
