using System.Globalization;
using System.Text.RegularExpressions;

namespace Domains.GrainInterfaces;

/// <summary>
/// An ISO 8601 duration (<c>P30D</c>, <c>P1Y2M</c>, <c>PT1H</c>). Years and months are calendar units,
/// added with the calendar (<c>P1M</c> from 31 January is 28 or 29 February), never as fixed days.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.IsoDuration")]
public readonly partial record struct IsoDuration(
    [property: Id(0)] int Years, [property: Id(1)] int Months, [property: Id(2)] int Days, [property: Id(3)] TimeSpan Time)
{
    private const int MaxComponent = 10_000;

    /// <summary>
    /// Years beyond this are refused: 10,000 of them from any instant leave <see cref="DateTimeOffset"/>'s
    /// range (year 9999), and adding would throw where a command expects a value.
    /// </summary>
    public const int MaxYears = 1_000;

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")]
    private static partial Regex Pattern();

    public DateTimeOffset AddTo(DateTimeOffset instant) => instant.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text) || text == "P" || text.EndsWith('T')) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;

        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        if (Enumerable.Range(1, 6).Any(g => match.Groups[g].Success && (match.Groups[g].Value.Length > 5 || Part(g) > MaxComponent))
            || Part(1) > MaxYears)
        {
            return false;
        }
        var seconds = match.Groups[7].Success ? double.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture) : 0;
        if (seconds > MaxComponent * 86_400d) return false;

        duration = new IsoDuration(Part(1), Part(2), Part(3) * 7 + Part(4),
            TimeSpan.FromHours(Part(5)) + TimeSpan.FromMinutes(Part(6)) + TimeSpan.FromSeconds(seconds));
        return true;
    }
}
