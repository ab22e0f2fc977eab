using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Exports;

/// <summary>The exports' review queue (submitted first) and one export with its preview; the authority approves or rejects.</summary>
public sealed class IndexModel : ConsolePage
{
    public List<JsonElement>? Queue { get; private set; }

    public JsonElement Export { get; private set; }

    public string? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (Me.Is(Accounts.Roles.Unit)) return Forbid();
        await LoadAsync(id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string act, string? text, string? key, string? version, bool confirmed)
    {
        if (!Me.Is(Accounts.Roles.Authority) || act is not ("approve" or "reject")) return Forbid();
        if (act == "reject" && string.IsNullOrWhiteSpace(text))
        {
            Problem = T["Field.ReasonRequired"];
        }
        else
        {
            object body = act == "approve" ? new { note = text ?? "" } : new { reason = text!.Trim() };
            if (await SendAsync($"/v1/exports/{Uri.EscapeDataString(id)}/{act}", body, key, version, confirmed, T[$"Exports.{act}.Done"]))
            {
                return RedirectToPage("/Exports/Index", new { id });
            }
        }
        await LoadAsync(id);
        return Page();
    }

    private async Task LoadAsync(string? id)
    {
        var queue = await GetAsync("/v1/exports?state=submitted&limit=100");
        Queue = queue.Ok ? [.. queue.Items] : null;
        if (string.IsNullOrWhiteSpace(id)) return;
        Id = id.Trim();
        var export = await GetAsync($"/v1/exports/{Uri.EscapeDataString(Id)}");
        if (export.Ok) Export = export.Body;
        else Show(export);
    }
}
