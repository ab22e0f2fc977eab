using System.Text.Json;
using System.Text.RegularExpressions;

namespace Domains.WebConsole.Pages;

/// <summary>A workspace's usage log (who ran what on which datasets), a page at a time.</summary>
public sealed partial class UsageModel : ConsolePage
{
    public string? Workspace { get; private set; }

    public List<JsonElement>? Items { get; private set; }

    public string? NextCursor { get; private set; }

    public async Task OnGetAsync(string? workspace, string? cursor)
    {
        if (string.IsNullOrWhiteSpace(workspace)) return;
        Workspace = workspace.Trim();
        if (!IdPattern().IsMatch(Workspace))
        {
            Problem = T["Problem.validation-failed"];
            return;
        }
        var result = await GetAsync($"/v1/workspaces/{Uri.EscapeDataString(Workspace)}/usage?" + Query(("cursor", cursor), ("limit", "100")));
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Items = [.. result.Items];
        NextCursor = result.NextCursor;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex IdPattern();
}
