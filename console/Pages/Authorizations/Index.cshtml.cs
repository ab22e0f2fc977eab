using System.Text.Json;
using Domains.WebConsole.Display;

namespace Domains.WebConsole.Pages.Authorizations;

/// <summary>The authorizations the person may see, newest first, filtered by state, unit, domain and notice, a page at a time.</summary>
public sealed class IndexModel : ConsolePage
{
    public static readonly string[] States =
        ["submitted", "verified", "rejected", "withdrawn", "approved", "announced", "filed", "active", "suspended", "expired", "terminated", "revoked", "superseded"];

    public List<JsonElement> Items { get; } = [];

    public string? NextCursor { get; private set; }

    public string? State { get; private set; }

    public string? UnitId { get; private set; }

    public string? DomainId { get; private set; }

    public string? NoticeId { get; private set; }

    public string NextQuery => Query(("state", State), ("unitId", UnitId), ("domainId", DomainId), ("noticeId", NoticeId), ("cursor", NextCursor));

    public async Task OnGetAsync(string? state, string? unitId, string? domainId, string? noticeId, string? cursor)
    {
        State = States.Contains(state) ? state : null;
        UnitId = Trim(unitId);
        DomainId = Trim(domainId);
        NoticeId = Trim(noticeId);
        var result = await GetAsync("/v1/authorizations?" + Query(("state", State), ("unitId", UnitId), ("domainId", DomainId),
            ("noticeId", NoticeId), ("cursor", Trim(cursor)), ("limit", "50")));
        if (!result.Ok)
        {
            Show(result);
            return;
        }
        Items.AddRange(result.Items);
        NextCursor = result.NextCursor;
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, 128)];
}
