using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Units;

/// <summary>Operating units, newest first, qualified or not; a unit's person is sent to their own unit.</summary>
public sealed class IndexModel : ConsolePage
{
    public List<JsonElement>? Items { get; private set; }

    public string? NextCursor { get; private set; }

    public string? Qualified { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? qualified, string? cursor, string? uscc)
    {
        if (Me.Is(Accounts.Roles.Unit)) return RedirectToPage("/Units/Detail", new { uscc = Me.Unit });
        if (!string.IsNullOrWhiteSpace(uscc)) return RedirectToPage("/Units/Detail", new { uscc = uscc.Trim() });
        Qualified = qualified is "true" or "false" ? qualified : null;
        var result = await GetAsync("/v1/units?" + Query(("qualified", Qualified), ("cursor", cursor), ("limit", "50")));
        if (result.Ok)
        {
            Items = [.. result.Items];
            NextCursor = result.NextCursor;
        }
        else if ((int)result.Status is not (404 or 405))
        {
            Show(result);
        }
        return Page();
    }
}
