using System.Globalization;
using System.Text.RegularExpressions;

namespace DqPlatform.Infrastructure.Tests.Connectors;

/// <summary>
/// The rows every connector test loads into its source database, and the values each sensor must measure on them,
/// computed here in C# rather than by any database.
/// </summary>
public sealed class OrdersFixtureData
{
    public const string CodePattern = "^[A-Z]{3}-[0-9]{4}$";
    public static readonly string[] AcceptedStatuses = ["new", "paid", "shipped"];

    public OrdersFixtureData(DateTime newestUtc)
    {
        var random = new Random(20261125);
        string[] statuses = ["new", "paid", "shipped", "lost", "PAID", "refunded"];
        Rows = Enumerable.Range(1, 500).Select(i => new Order(
            i,
            random.Next(10) == 0 ? null : $"user{random.Next(300)}@example.com",
            random.Next(12) == 0 ? null : Math.Round((decimal)(random.NextDouble() * 900 - 50), 2),
            statuses[random.Next(statuses.Length)],
            newestUtc.AddMinutes(-random.Next(0, 10_000)),
            random.Next(8) == 0 ? $"bad{i}" : $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}Q-{random.Next(10_000):0000}"))
            .Select(o => o.Id == 1 ? o with { CreatedAt = newestUtc } : o)
            .ToList();
    }

    public IReadOnlyList<Order> Rows { get; }

    public sealed record Order(int Id, string? Email, decimal? Amount, string Status, DateTime CreatedAt, string Code);

    private IEnumerable<string> Emails => Rows.Where(r => r.Email is not null).Select(r => r.Email!);

    private IEnumerable<decimal> Amounts => Rows.Where(r => r.Amount is not null).Select(r => r.Amount!.Value);

    /// <summary>Check type, target column, config, and the expected sensor value.</summary>
    public IEnumerable<(string Type, string? Column, string Config, decimal Expected)> Expectations()
    {
        var emailNulls = Rows.Count(r => r.Email is null);
        var distinct = Emails.Distinct(StringComparer.Ordinal).Count();
        var nonNull = Emails.Count();
        yield return ("row_count", null, """{"min": 1}""", Rows.Count);
        yield return ("null_count", "customer_email", """{"max": 0}""", emailNulls);
        yield return ("null_percent", "customer_email", """{"max": 5}""", 100m * emailNulls / Rows.Count);
        yield return ("distinct_count", "customer_email", """{"min": 1}""", distinct);
        yield return ("duplicate_count", "customer_email", """{"max": 0}""", nonNull - distinct);
        yield return ("duplicate_percent", "customer_email", """{"max": 1}""", 100m * (nonNull - distinct) / nonNull);
        yield return ("min_value", "amount", """{"min": 0}""", Amounts.Min());
        yield return ("max_value", "amount", """{"max": 1000}""", Amounts.Max());
        yield return ("mean_value", "amount", """{"min": 0}""", Amounts.Average());
        yield return ("sum_value", "amount", """{"min": 0}""", Amounts.Sum());
        yield return ("text_length", "code", """{"max": 8}""", Rows.Max(r => r.Code.Length));
        yield return ("regex_match_percent", "code", $$"""{"pattern": "{{CodePattern}}", "min": 99}""",
            100m * Rows.Count(r => Regex.IsMatch(r.Code, CodePattern)) / Rows.Count);
        yield return ("accepted_values_percent", "status", """{"values": ["new", "paid", "shipped"], "min": 100}""",
            100m * Rows.Count(r => AcceptedStatuses.Contains(r.Status, StringComparer.Ordinal)) / Rows.Count);
        yield return ("column_exists", "amount", "{}", 1);
        yield return ("column_exists", "no_such_column", "{}", 0);
        yield return ("column_count", null, """{"min": 6, "max": 6}""", 6);
        yield return ("custom_sql", null, """{"sql": "SELECT COUNT(*) FROM orders WHERE amount > 100", "max": 10}""", Rows.Count(r => r.Amount > 100));
        yield return ("anomaly", null, """{"maxStdDevs": 3}""", Rows.Count);
    }

    public int ShortestCode => Rows.Min(r => r.Code.Length);

    public static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateTime t => "'" + t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
