using System.Globalization;

namespace DqPlatform.Domain.Checks;

/// <summary>A result's identity: its partition key and id (the table's primary key).</summary>
public readonly record struct ResultKey(DateTimeOffset ExecutedAt, long Id)
{
    public static ResultKey Of(CheckResult r) => new(r.ExecutedAt, r.Id);

    public override string ToString() => $"{ExecutedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out ResultKey key)
    {
        key = default;
        var parts = text.Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        key = new ResultKey(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
