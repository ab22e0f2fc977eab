using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Domains.WebConsole.Pages;

/// <summary>The audit: an entity's events, its chain verified, and every event as CSV.</summary>
public sealed partial class AuditModel : ConsolePage
{
    public static readonly string[] EntityTypes = ["authorization", "unit", "notice", "domain", "workspace", "product", "export"];

    public string? EntityType { get; private set; }

    public string? EntityId { get; private set; }

    public List<JsonElement>? Events { get; private set; }

    public bool? Valid { get; private set; }

    public long Checked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? type, string? id)
    {
        if (Me.Is(Accounts.Roles.Unit)) return Forbid();
        if (string.IsNullOrWhiteSpace(type) && string.IsNullOrWhiteSpace(id)) return Page();
        EntityType = EntityTypes.Contains(type) ? type : null;
        EntityId = id?.Trim();
        if (EntityType is null || string.IsNullOrEmpty(EntityId) || !IdPattern().IsMatch(EntityId))
        {
            Problem = T["Audit.EntityRequired"];
            return Page();
        }
        var entity = Uri.EscapeDataString($"{EntityType}/{EntityId}");
        var events = await GetAsync($"/v1/audit?entity={entity}&limit=500");
        if (!events.Ok) return Refused(events);
        Events = [.. events.Items];
        var verify = await GetAsync($"/v1/audit/verify?entity={entity}");
        if (verify.Ok)
        {
            Valid = verify.Body.TryGetProperty("valid", out var valid) && valid.GetBoolean();
            Checked = verify.Body.TryGetProperty("events", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : 0;
        }
        else
        {
            Show(verify);
        }
        return Page();
    }

    /// <summary>Every matching event as CSV, streamed from the API to the browser without holding it.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? entityType)
    {
        if (Me.Is(Accounts.Roles.Unit)) return Forbid();
        var path = "/v1/audit/export?" + Query(("format", "csv"), ("entityType", EntityTypes.Contains(entityType) ? entityType : null));
        var (response, problem) = await Api.StreamAsync(Me, path, HttpContext.RequestAborted);
        if (response is null) return Refused(problem!);
        HttpContext.Response.RegisterForDispose(response);
        return File(await response.Content.ReadAsStreamAsync(HttpContext.RequestAborted), "text/csv", "audit.csv");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex IdPattern();
}
