using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.OperationDomains;

/// <summary>Operation domains, newest first, by state.</summary>
public sealed class IndexModel : ConsolePage
{
    public static readonly string[] States = ["planned", "awaiting-acceptance", "operational", "suspended", "retired"];

    public List<JsonElement>? Items { get; private set; }

    public string? NextCursor { get; private set; }

    public string? State { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? state, string? cursor, string? id)
    {
        if (!string.IsNullOrWhiteSpace(id)) return RedirectToPage("/OperationDomains/Detail", new { id = id.Trim() });
        if (Me.Is(Accounts.Roles.Unit)) return Forbid();
        State = States.Contains(state) ? state : null;
        var result = await GetAsync("/v1/domains?" + Query(("state", State), ("cursor", cursor), ("limit", "50")));
        // Until the list endpoint exists (405/404), the page still opens a domain by its id.
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
