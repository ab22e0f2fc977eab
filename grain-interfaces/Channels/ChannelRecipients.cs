using Domains.GrainInterfaces.Units;

namespace Domains.GrainInterfaces.Channels;

/// <summary>
/// Whose notices a channel carries: a group (<c>units</c>, <c>supervisors</c>, <c>authority</c>) or, when
/// <see cref="Group"/> is <c>null</c>, the units of <see cref="Units"/> (USCCs).
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ChannelRecipients")]
public sealed record ChannelRecipients([property: Id(0)] string? Group, [property: Id(1)] IReadOnlyList<string> Units)
{
    public const string AllUnits = "units";
    public const string Supervisors = "supervisors";
    public const string Authority = "authority";

    public static readonly IReadOnlyList<string> Groups = [AllUnits, Supervisors, Authority];

    public static ChannelRecipients Of(string group) => new(group, []);

    public static ChannelRecipients OfUnits(IEnumerable<string> usccs) => new(null, usccs.Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The inbox recipients (LIKE patterns over <c>notifications.recipient</c>) these select.</summary>
    public IReadOnlyList<string> Patterns() => Group switch
    {
        AllUnits => ["unit:%"],
        Supervisors => [Supervisors],
        Authority => [Authority],
        // USCCs hold neither % nor _ (Uscc.Alphabet), so each pattern matches one unit exactly.
        _ => Units.Where(Uscc.IsValid).Select(u => "unit:" + u).ToList(),
    };
}
