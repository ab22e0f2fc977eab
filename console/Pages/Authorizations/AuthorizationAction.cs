using Domains.WebConsole.Accounts;

namespace Domains.WebConsole.Pages.Authorizations;

/// <summary>A command on an authorization: who may send it, in which states the console offers it, and its fields.</summary>
public sealed record AuthorizationAction(string Name, string[] Roles, string[] States, string[] Fields, bool Dangerous = false)
{
    public const string Reason = "reason";
    public const string Note = "note";
    public const string Outcome = "outcome";
    public const string FilingRef = "filingRef";
    public const string Term = "term";
    public const string CorrectionDue = "correctionDue";

    /// <summary>Correction periods a supervisor picks from (ISO 8601 durations, as the API takes them).</summary>
    public static readonly string[] CorrectionPeriods = ["P7D", "P15D", "P30D", "P60D", "P90D"];

    public static readonly IReadOnlyList<AuthorizationAction> All =
    [
        new("suspend", [Accounts.Roles.Supervisor, Accounts.Roles.Authority], ["active"], [Reason, CorrectionDue], Dangerous: true),
        new("reinstate", [Accounts.Roles.Supervisor], ["suspended"], [Note]),
        new("revoke", [Accounts.Roles.Supervisor, Accounts.Roles.Authority], ["active", "suspended"], [Reason], Dangerous: true),
        new("verify", [Accounts.Roles.Authority], ["submitted"], [Outcome, Note]),
        new("approve", [Accounts.Roles.Authority], ["verified"], [Note]),
        new("reject", [Accounts.Roles.Authority], ["submitted", "verified"], [Reason], Dangerous: true),
        new("announce", [Accounts.Roles.Authority], ["approved"], []),
        new("file", [Accounts.Roles.Authority], ["announced"], [FilingRef]),
        new("activate", [Accounts.Roles.Authority], ["announced", "filed"], [Term]),
        new("terminate", [Accounts.Roles.Authority], ["active", "suspended"], [Reason], Dangerous: true),
    ];

    public static AuthorizationAction? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    public bool OfferedTo(Person person, string state) => person.Is(Roles) && States.Contains(state, StringComparer.Ordinal);

    public bool Has(string field) => Fields.Contains(field, StringComparer.Ordinal);
}
