using System.Globalization;
using System.Text;

namespace Domains.GrainInterfaces.Deadlines;

/// <summary>The position after a row of the deadline index, opaque to callers (base64 of its sort key).</summary>
public sealed record DeadlineCursor(DateTimeOffset DueAt, string EntityType, string EntityId, string Kind)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        string.Join('\n', DueAt.UtcTicks.ToString(CultureInfo.InvariantCulture), EntityType, EntityId, Kind)));

    public static bool TryParse(string? text, out DeadlineCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(text)).Split('\n');
            if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            cursor = new DeadlineCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], parts[2], parts[3]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
