using System.Text.Json;

namespace Domains.WebConsole.Pages;

/// <summary>The person's inbox: their unit's, the supervisors' or the authority's notices.</summary>
public sealed class InboxModel : ConsolePage
{
    public List<JsonElement> Items { get; } = [];

    public string? NextCursor { get; private set; }

    public string? Kind { get; private set; }

    public async Task OnGetAsync(string? kind, string? cursor)
    {
        Kind = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim();
        var result = await GetAsync("/v1/inbox?" + Query(("recipient", Recipient), ("kind", Kind), ("cursor", cursor), ("limit", "100")));
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Items.AddRange(result.Items);
        NextCursor = result.NextCursor;
    }
}
