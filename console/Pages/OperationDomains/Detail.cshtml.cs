using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages.OperationDomains;

/// <summary>An operation domain with its workspaces and catalogue; a supervisor suspends and resumes it.</summary>
public sealed class DetailModel : ConsolePage
{
    public string Id { get; private set; } = "";

    public JsonElement Domain { get; private set; }

    public List<JsonElement>? Workspaces { get; private set; }

    public List<JsonElement>? Datasets { get; private set; }

    public async Task OnGetAsync(string id)
    {
        Id = id;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync(string id, string act, string? reason, string? key, string? version, bool confirmed)
    {
        Id = id;
        if (!Me.Is(Accounts.Roles.Supervisor) || act is not ("suspend" or "resume")) return Forbid();
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            Problem = T["Field.ReasonRequired"];
        }
        else if (await SendAsync($"/v1/domains/{Uri.EscapeDataString(id)}/{act}", new { reason = reason.Trim() }, key, version, confirmed, T[$"Domains.{act}.Done"]))
        {
            return RedirectToPage("/OperationDomains/Detail", new { id });
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var path = Uri.EscapeDataString(Id);
        var result = await GetAsync($"/v1/domains/{path}");
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Domain = result.Body;
        var workspaces = await GetAsync($"/v1/workspaces?domainId={path}&limit=100");
        Workspaces = workspaces.Ok ? [.. workspaces.Items] : null;
        var datasets = await GetAsync($"/v1/domains/{path}/datasets");
        Datasets = datasets.Ok ? [.. datasets.Items] : null;
    }
}
