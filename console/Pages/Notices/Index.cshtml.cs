using System.Text.Json;

namespace Domains.WebConsole.Pages.Notices;

/// <summary>Notices, newest first, by state (drafts too, for the authority).</summary>
public sealed class IndexModel : ConsolePage
{
    public static readonly string[] States = ["draft", "published", "closed", "withdrawn"];

    public List<JsonElement> Items { get; } = [];

    public string? NextCursor { get; private set; }

    public string? State { get; private set; }

    public async Task OnGetAsync(string? state, string? cursor)
    {
        State = States.Contains(state) ? state : null;
        var result = await GetAsync("/v1/notices?" + Query(("state", State), ("cursor", cursor), ("limit", "50")));
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Items.AddRange(result.Items);
        NextCursor = result.NextCursor;
    }
}
