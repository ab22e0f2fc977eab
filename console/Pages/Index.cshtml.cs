using System.Globalization;
using System.Text.Json;
using Domains.WebConsole.Accounts;
using Domains.WebConsole.Display;

namespace Domains.WebConsole.Pages;

/// <summary>Overview: authorizations by state, enforcement pending, deadlines in 7 and 30 days, overdue items, the newest notices.</summary>
public sealed class IndexModel : ConsolePage
{
    private static readonly string[] OverdueKinds = ["correction-overdue", "report-overdue", "deletion-overdue"];

    public List<(string State, int Count)> ByState { get; } = [];

    public List<JsonElement>? PendingWorkspaces { get; private set; }

    public List<JsonElement>? Deadlines { get; private set; }

    public int Due7 { get; private set; }

    public List<JsonElement> Overdue { get; } = [];

    public List<JsonElement> Inbox { get; } = [];

    public async Task OnGetAsync()
    {
        var list = await GetAsync("/v1/authorizations?limit=500");
        if (!list.Ok)
        {
            Show(list);
            return;
        }
        ByState.AddRange(list.Items.GroupBy(a => a.Str("state")).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));

        var pending = await GetAsync("/v1/workspaces?enforcement=pending&limit=50");
        if (pending.Ok) PendingWorkspaces = [.. pending.Items];

        var now = await NowAsync();
        if (!Me.Is(Roles.Unit))
        {
            var before = (now + TimeSpan.FromDays(30)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var deadlines = await GetAsync($"/v1/deadlines?before={before}&limit=500");
            if (deadlines.Ok)
            {
                Deadlines = [.. deadlines.Items];
                Due7 = Deadlines.Count(d => TimeDisplay.Instant(d, "dueAt") <= now + TimeSpan.FromDays(7));
            }
        }

        var inbox = await GetAsync($"/v1/inbox?{Query(("recipient", Recipient))}&limit=500");
        if (inbox.Ok)
        {
            var items = inbox.Items.ToList();
            Overdue.AddRange(items.Where(n => OverdueKinds.Contains(n.Str("kind"))).TakeLast(20).Reverse());
            Inbox.AddRange(items.TakeLast(10).Reverse());
        }
    }
}
