using System.Text.Json;

namespace Domains.WebConsole.Pages.Notices;

/// <summary>Published notices (drafts are reached from the page that made them).</summary>
public sealed class IndexModel : ConsolePage
{
    public List<JsonElement> Items { get; } = [];

    public string? NextCursor { get; private set; }

    public async Task OnGetAsync(string? cursor)
    {
        var result = await GetAsync("/v1/public/notices?" + Query(("cursor", cursor), ("limit", "50")));
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Items.AddRange(result.Items);
        NextCursor = result.NextCursor;
    }
}
