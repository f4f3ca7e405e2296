using System.Globalization;
using System.Text;
using DqPlatform.Domain.Common;

namespace DqPlatform.Api.Live;

/// <summary>An event's place in its workspace's log as clients see it: opaque, like a list cursor.</summary>
public static class EventCursor
{
    private const string Prefix = "event:";

    public static string Encode(long position) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The position in <paramref name="cursor"/>; a string this API did not give is a VALIDATION error.</summary>
    public static long Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
        }

        throw new ValidationException("'after' is not an event cursor of this API: pass the 'cursor' of an event you received.", "after");
    }
}
