using Domains.WebConsole.Accounts;
using Domains.WebConsole.Api;
using Domains.WebConsole.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Domains.WebConsole.Pages;

/// <summary>What every signed-in page has: the person, the API as that person, the texts, and a problem in words.</summary>
public abstract class ConsolePage : PageModel
{
    public Person Me => Person.From(User) ?? throw new InvalidOperationException("No person is signed in.");

    public IStringLocalizer<Texts> T => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Texts>>();

    protected DomainsApiClient Api => HttpContext.RequestServices.GetRequiredService<DomainsApiClient>();

    /// <summary>The API's refusal or failure as a sentence, shown above the page.</summary>
    public string? Problem { get; set; }

    /// <summary>What the last action did, carried over its redirect.</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>A fresh Idempotency-Key for a form: every post of that form (a double click, a retry) carries the same one.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    protected void Show(ApiResult result) => Problem = ProblemTexts.Describe(T, result);

    protected Task<ApiResult> GetAsync(string path) => Api.GetAsync(Me, path, HttpContext.RequestAborted);

    /// <summary>The business clock's now where the API has a manual one, else this machine's.</summary>
    protected async Task<DateTimeOffset> NowAsync()
    {
        var clock = await GetAsync("/v1/admin/clock");
        return clock.Ok && Display.TimeDisplay.Instant(clock.Body, "now") is { } now
            ? now
            : HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
    }

    /// <summary>The inbox this person reads: their unit's, the supervisors' or the authority's.</summary>
    public string Recipient => Me.Role switch
    {
        Roles.Unit => $"unit:{Me.Unit}",
        Roles.Supervisor => "supervisors",
        _ => "authority",
    };

    protected static string Query(params (string Name, string? Value)[] parts) =>
        string.Join("&", parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>
    /// A one-form command (publish a notice, suspend a domain): refused unless the person ticked the
    /// confirmation; sent with the form's Idempotency-Key and the version the page was read at.
    /// </summary>
    protected async Task<bool> SendAsync(string path, object body, string? key, string? version, bool confirmed, string doneText)
    {
        if (!confirmed)
        {
            Problem = T["Field.ConfirmRequired"];
            return false;
        }
        if (string.IsNullOrEmpty(key) || key.Length > 128)
        {
            Problem = T["Problem.validation-failed"];
            return false;
        }
        var result = await Api.PostAsync(Me, path, body, key, string.IsNullOrEmpty(version) ? null : version, HttpContext.RequestAborted);
        if (!result.Ok)
        {
            Show(result);
            return false;
        }
        Done = doneText;
        return true;
    }

    protected IActionResult Refused(ApiResult result)
    {
        Show(result);
        return Page();
    }
}
