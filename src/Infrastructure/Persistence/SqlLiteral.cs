using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace DqPlatform.Infrastructure.Persistence;

/// <summary>
/// A value written into the SQL text rather than bound as a parameter, for the few values (page sizes) whose literal
/// lets PostgreSQL pick a better generic plan. Unlike <see cref="EF.Constant{T}"/>, which makes EF Core regenerate the
/// SQL on every execution (behind one lock per query, so concurrent pages queued on it), each distinct literal is its
/// own cached query: only use it for values from a small, bounded set.
/// </summary>
public static class SqlLiteral
{
    public static readonly MethodInfo IntMethod = typeof(SqlLiteral).GetMethod(nameof(Int))!;

    public static int Int([NotParameterized] int value) =>
        throw new InvalidOperationException("SqlLiteral.Int is only meaningful inside an EF Core query.");

    internal static void Register(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(IntMethod).HasTranslation(arguments => arguments[0]);
}
