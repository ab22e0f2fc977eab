using System.Globalization;
using System.Text.Json;
using Domains.WebConsole.Display;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages;

/// <summary>Deadlines of the next 90 days as a calendar: one row per day that has any, in the person's time zone.</summary>
public sealed class DeadlinesModel : ConsolePage
{
    public List<(DateOnly Day, List<JsonElement> Due)> Days { get; } = [];

    public bool Truncated { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Me.Is(Accounts.Roles.Unit)) return Forbid();
        var now = await NowAsync();
        var before = (now + TimeSpan.FromDays(90)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var result = await GetAsync("/v1/deadlines?" + Query(("before", before), ("cursor", cursor), ("limit", "500")));
            if (!result.Ok)
            {
                Show(result);
                return Page();
            }
            items.AddRange(result.Items);
            cursor = result.NextCursor;
            if (cursor is null) break;
        }
        Truncated = cursor is not null;
        var zone = TimeDisplay.Zone(Me.TimeZone);
        Days.AddRange(items
            .Select(d => (Due: d, At: TimeDisplay.Instant(d, "dueAt")))
            .Where(d => d.At is not null)
            .GroupBy(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d.At!.Value, zone).DateTime))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Select(x => x.Due).ToList())));
        return Page();
    }
}
