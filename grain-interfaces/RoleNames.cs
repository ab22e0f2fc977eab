namespace Domains.GrainInterfaces;

/// <summary>The wire names of roles, as tokens and the audit log spell them.</summary>
public static class RoleNames
{
    public const string Authority = "authority";
    public const string Supervisor = "supervisor";
    public const string Automation = "automation";
    public const string Unit = "unit";
    public const string Auditor = "auditor";
    public const string System = "system";

    public static string Of(Role role) => role switch
    {
        Role.Authority => Authority,
        Role.Supervisor => Supervisor,
        Role.Automation => Automation,
        Role.Unit => Unit,
        Role.Auditor => Auditor,
        _ => System,
    };

    public static bool TryParse(string? name, out Role role)
    {
        role = name switch
        {
            Authority => Role.Authority,
            Supervisor => Role.Supervisor,
            Automation => Role.Automation,
            Unit => Role.Unit,
            Auditor => Role.Auditor,
            _ => Role.System,
        };
        return role != Role.System;
    }
}
