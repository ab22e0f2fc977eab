namespace Domains.Grains.Clock;

/// <summary>
/// The business clock: the one time source of every rule and deadline. It is a <see cref="TimeProvider"/>
/// but is registered under its own type, never as <c>TimeProvider</c>: Orleans takes the container's
/// <c>TimeProvider</c> for its own timers, membership and reminders, which must run on real time even
/// while business time is manual.
/// </summary>
public abstract class BusinessClock : TimeProvider
{
    public abstract bool IsManual { get; }
}

/// <summary>Business time is real time (production).</summary>
public sealed class SystemBusinessClock : BusinessClock
{
    public override bool IsManual => false;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();
}
