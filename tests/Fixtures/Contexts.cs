using Domains.GrainInterfaces;

namespace Domains.Tests.Fixtures;

/// <summary>Command contexts of each role, as the API would build them.</summary>
public static class Contexts
{
    public static CommandContext Authority(string? reason = null) => new(new Actor("authority-tester", Role.Authority), reason);

    public static CommandContext Supervisor(string? reason = null) => new(new Actor("supervisor-tester", Role.Supervisor), reason);

    public static CommandContext Automation(string? reason = null) => new(new Actor("automation-tester", Role.Automation), reason);

    public static CommandContext Unit(string uscc, string? reason = null) => new(new Actor($"unit-{uscc}", Role.Unit, uscc), reason);
}
