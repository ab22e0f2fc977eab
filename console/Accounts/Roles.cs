namespace Domains.WebConsole.Accounts;

/// <summary>The API's roles that people hold (automation is a machine's and never signs in here).</summary>
public static class Roles
{
    public const string Authority = "authority";
    public const string Supervisor = "supervisor";
    public const string Unit = "unit";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> People = [Authority, Supervisor, Unit, Auditor];
}
