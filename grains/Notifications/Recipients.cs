namespace Domains.Grains.Notifications;

/// <summary>Inbox addresses: <c>unit:{uscc}</c>, <c>supervisors</c>, <c>authority</c>.</summary>
public static class Recipients
{
    public const string Supervisors = "supervisors";
    public const string Authority = "authority";
    private const string UnitPrefix = "unit:";

    public static string Unit(string uscc) => UnitPrefix + uscc;

    public static bool IsValid(string? recipient) =>
        recipient is Supervisors or Authority
        || (recipient is not null && recipient.StartsWith(UnitPrefix, StringComparison.Ordinal) && recipient.Length > UnitPrefix.Length);

    public static string? UnitOf(string recipient) =>
        recipient.StartsWith(UnitPrefix, StringComparison.Ordinal) ? recipient[UnitPrefix.Length..] : null;
}
