using Domains.GrainInterfaces.Usage;

namespace Domains.Grains.Usage;

/// <summary>The kinds as the usage log table and the API spell them.</summary>
public static class UsageKinds
{
    public static string Name(UsageKind kind) => kind switch
    {
        UsageKind.Connect => "connect",
        UsageKind.Disconnect => "disconnect",
        UsageKind.Statement => "statement",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static UsageKind Parse(string name) => name switch
    {
        "connect" => UsageKind.Connect,
        "disconnect" => UsageKind.Disconnect,
        "statement" => UsageKind.Statement,
        _ => throw new FormatException($"Unknown usage kind '{name}'."),
    };
}
