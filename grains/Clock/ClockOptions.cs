namespace Domains.Grains.Clock;

public sealed class ClockOptions
{
    public const string Section = "Clock";

    /// <summary><c>system</c> (production) or <c>manual</c> (development and tests only).</summary>
    public string Mode { get; set; } = "system";

    public bool IsManual => string.Equals(Mode, "manual", StringComparison.OrdinalIgnoreCase);
}
