using System.Globalization;
using System.Text.Json;
using Domains.WebConsole.Api;
using Domains.WebConsole.Display;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Domains.WebConsole.Pages.Authorizations;

/// <summary>
/// An authorization: its facts, term, datasets, timeline, deadlines and workspace, and the actions the
/// person's role allows. Every action is two posts: the first checks the fields and asks for one
/// confirmation, the second sends the command with the form's Idempotency-Key and the version the page
/// was read at (If-Match), so a double click acts once and a stale page acts never.
/// </summary>
public sealed class DetailModel(IOptions<ConsoleOptions> options) : ConsolePage
{
    public string Id { get; private set; } = "";

    public JsonElement Authorization { get; private set; }

    public JsonElement? Workspace { get; private set; }

    public List<JsonElement>? Timeline { get; private set; }

    public List<JsonElement>? Deadlines { get; private set; }

    public List<JsonElement>? Products { get; private set; }

    /// <summary>The action whose form is open (from <c>?act=</c> or the post).</summary>
    public AuthorizationAction? Open { get; private set; }

    /// <summary>True when the open action's fields are checked and the page asks for the confirmation.</summary>
    public bool Confirming { get; private set; }

    [BindProperty]
    public ActionForm Form { get; set; } = new();

    public string State => Authorization.Str("state");

    public bool EnforcementPending => Workspace is { } w && w.Str("enforcement") == "pending";

    public IEnumerable<AuthorizationAction> Offered => AuthorizationAction.All.Where(a => a.OfferedTo(Me, State));

    public async Task<IActionResult> OnGetAsync(string id, string? act)
    {
        Id = id;
        if (!await LoadAsync()) return Page();
        Open = AuthorizationAction.Find(act) is { } a && a.OfferedTo(Me, State) ? a : null;
        if (Open is not null) Form = new ActionForm { Act = Open.Name, Key = NewKey(), Version = Authorization.Str("version"), CorrectionDue = "P30D", Outcome = "pass" };
        return Page();
    }

    /// <summary>First post: the fields are checked here, before the API is called, and the confirmation is asked.</summary>
    public async Task<IActionResult> OnPostPrepareAsync(string id)
    {
        Id = id;
        Open = AuthorizationAction.Find(Form.Act);
        if (Open is null || !Me.Is(Open.Roles)) return Forbid();
        if (Check(Open) is { } problem)
        {
            Problem = problem;
            await LoadAsync();
            return Page();
        }
        if (!await LoadAsync()) return Page();
        Confirming = true;
        return Page();
    }

    /// <summary>Second post: the command itself.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string id)
    {
        Id = id;
        Open = AuthorizationAction.Find(Form.Act);
        if (Open is null || !Me.Is(Open.Roles)) return Forbid();
        if (Check(Open) is { } problem || string.IsNullOrEmpty(Form.Key) || Form.Key.Length > 128 || !long.TryParse(Form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            Problem = Check(Open) ?? T["Problem.validation-failed"];
            await LoadAsync();
            return Page();
        }
        var result = await Api.PostAsync(Me, $"/v1/authorizations/{Uri.EscapeDataString(id)}/{Open.Name}", Body(Open), Form.Key, Form.Version, HttpContext.RequestAborted);
        if (!result.Ok)
        {
            Show(result);
            // A stale page reads the entity again, so the person sees what changed before acting.
            Open = result.Code == "version-mismatch" ? null : Open;
            await LoadAsync();
            // A refusal is remembered under its key: a corrected form is a new command with a new key.
            Form.Key = NewKey();
            Form.Version = Authorization.Str("version");
            return Page();
        }
        if (Open.Name is "suspend" or "revoke" or "terminate" or "reinstate") await WaitForEnforcementAsync(id);
        Done = T[$"Act.{Open.Name}.Done"];
        return RedirectToPage("/Authorizations/Detail", new { id });
    }

    /// <summary>Waits a bounded while for the workspace to report the command enforced; the page polls after that.</summary>
    private async Task WaitForEnforcementAsync(string id)
    {
        var clock = HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var until = clock.GetUtcNow() + options.Value.EnforcementWait;
        while (clock.GetUtcNow() < until)
        {
            var workspace = await GetAsync($"/v1/workspaces/{Uri.EscapeDataString(id)}");
            if (!workspace.Ok || workspace.Body.Str("enforcement") != "pending") return;
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, HttpContext.RequestAborted);
        }
    }

    private string? Check(AuthorizationAction action)
    {
        if (action.Has(AuthorizationAction.Reason) && (string.IsNullOrWhiteSpace(Form.Reason) || Form.Reason.Length > 1000)) return T["Field.ReasonRequired"];
        if (action.Has(AuthorizationAction.Note) && Form.Note is { Length: > 1000 }) return T["Field.TooLong"];
        if (action.Has(AuthorizationAction.Outcome) && Form.Outcome is not ("pass" or "fail")) return T["Field.OutcomeRequired"];
        if (action.Has(AuthorizationAction.FilingRef) && (string.IsNullOrWhiteSpace(Form.FilingRef) || Form.FilingRef.Length > 200)) return T["Field.FilingRefRequired"];
        if (action.Has(AuthorizationAction.CorrectionDue) && !AuthorizationAction.CorrectionPeriods.Contains(Form.CorrectionDue)) return T["Field.CorrectionDueRequired"];
        if (action.Has(AuthorizationAction.Term))
        {
            if (LocalInstant(Form.TermStart) is not { } start || LocalInstant(Form.TermEnd) is not { } end) return T["Field.TermRequired"];
            if (end <= start) return T["Field.TermOrder"];
        }
        return null;
    }

    private object Body(AuthorizationAction action) => action.Name switch
    {
        "suspend" => new { reason = Form.Reason!.Trim(), correctionDue = Form.CorrectionDue },
        "verify" => new { outcome = Form.Outcome, note = Form.Note ?? "" },
        "file" => new { filingRef = Form.FilingRef!.Trim() },
        "activate" => new { termStart = LocalInstant(Form.TermStart)!.Value, termEnd = LocalInstant(Form.TermEnd)!.Value },
        "approve" or "reinstate" => new { note = Form.Note ?? "" },
        "announce" => new { },
        _ => new { reason = Form.Reason!.Trim() },
    };

    /// <summary>A <c>datetime-local</c> value read in the person's time zone.</summary>
    public DateTimeOffset? LocalInstant(string? value)
    {
        if (!DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        var zone = TimeDisplay.Zone(Me.TimeZone);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private async Task<bool> LoadAsync()
    {
        var path = Uri.EscapeDataString(Id);
        var authorization = await GetAsync($"/v1/authorizations/{path}");
        if (!authorization.Ok)
        {
            Show(authorization);
            Authorization = default;
            return false;
        }
        Authorization = authorization.Body;
        var workspace = await GetAsync($"/v1/workspaces/{path}");
        Workspace = workspace.Ok ? workspace.Body : null;
        if (!Me.Is(Accounts.Roles.Unit))
        {
            var audit = await GetAsync($"/v1/audit?entity=authorization/{path}&limit=500");
            Timeline = audit.Ok ? [.. audit.Items] : null;
            var deadlines = await GetAsync($"/v1/deadlines?entity=authorization/{path}&limit=100");
            Deadlines = deadlines.Ok ? [.. deadlines.Items] : null;
        }
        var products = await GetAsync($"/v1/products?authorizationId={path}&limit=100");
        Products = products.Ok ? [.. products.Items] : null;
        return true;
    }
}
