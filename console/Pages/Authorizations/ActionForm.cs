namespace Domains.WebConsole.Pages.Authorizations;

/// <summary>One action's form as posted: its fields, the Idempotency-Key it was rendered with and the version it was read at.</summary>
public sealed class ActionForm
{
    public string? Act { get; set; }

    public string? Key { get; set; }

    public string? Version { get; set; }

    public string? Reason { get; set; }

    public string? Note { get; set; }

    public string? Outcome { get; set; }

    public string? FilingRef { get; set; }

    public string? TermStart { get; set; }

    public string? TermEnd { get; set; }

    public string? CorrectionDue { get; set; }
}
