using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.Notices;

/// <summary>A notice; the authority publishes a draft and withdraws a published one.</summary>
public sealed class DetailModel : ConsolePage
{
    public string Id { get; private set; } = "";

    public JsonElement Notice { get; private set; }

    public async Task OnGetAsync(string id)
    {
        Id = id;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync(string id, string act, string? key, string? version, bool confirmed, string? reason)
    {
        Id = id;
        if (!Me.Is(Accounts.Roles.Authority) || act is not ("publish" or "withdraw")) return Forbid();
        object body = act == "withdraw" ? new { reason = reason ?? "" } : new { };
        if (await SendAsync($"/v1/notices/{Uri.EscapeDataString(id)}/{act}", body, key, version, confirmed, T[$"Notices.{act}.Done"]))
        {
            return RedirectToPage("/Notices/Detail", new { id });
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var result = await GetAsync($"/v1/notices/{Uri.EscapeDataString(Id)}");
        if (result.Ok) Notice = result.Body;
        else Show(result);
    }
}
