using System.Globalization;
using Domains.WebConsole.Display;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Notices;

/// <summary>A new notice (a draft, PUT with an id made here), which the detail page publishes.</summary>
[Authorize(Policy = Policies.Authority)]
public sealed class NewModel : ConsolePage
{
    public static readonly string[] Levels = ["province", "city", "county"];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? Level { get; set; } = "city";
    [BindProperty] public string? RegionCode { get; set; }
    [BindProperty] public bool Pilot { get; set; }
    [BindProperty] public int? Quota { get; set; }
    [BindProperty] public string? OpensAt { get; set; }
    [BindProperty] public string? ClosesAt { get; set; }
    [BindProperty] public string? DomainId { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var opens = Local(OpensAt);
        var closes = Local(ClosesAt);
        if (string.IsNullOrWhiteSpace(Title) || string.IsNullOrWhiteSpace(Field) || string.IsNullOrWhiteSpace(RegionCode) || string.IsNullOrWhiteSpace(DomainId))
        {
            Problem = T["Field.AllRequired"];
            return Page();
        }
        if (!Levels.Contains(Level)) Level = "city";
        if (opens is null || closes is null || closes <= opens)
        {
            Problem = T["Field.WindowOrder"];
            return Page();
        }
        if (Quota is < 1)
        {
            Problem = T["Field.QuotaPositive"];
            return Page();
        }
        var id = $"ntc-{Guid.NewGuid():N}"[..16];
        var result = await Api.PutAsync(Me, $"/v1/notices/{id}", new
        {
            title = Title.Trim(),
            field = Field.Trim(),
            region = new { level = Level, code = RegionCode.Trim() },
            pilot = Pilot,
            quota = Quota,
            opensAt = opens,
            closesAt = closes,
            domainId = DomainId.Trim(),
        }, null, HttpContext.RequestAborted);
        if (!result.Ok) return Refused(result);
        Done = T["Notices.Created"];
        return RedirectToPage("/Notices/Detail", new { id });
    }

    private DateTimeOffset? Local(string? value)
    {
        if (!DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        var zone = TimeDisplay.Zone(Me.TimeZone);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
