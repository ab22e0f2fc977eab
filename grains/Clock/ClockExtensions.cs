namespace Domains.Grains.Clock;

public static class ClockExtensions
{
    /// <summary>
    /// The business instant, cut to whole microseconds: PostgreSQL keeps no finer time, and an instant
    /// that survives a round trip unchanged keeps audit hashes and deadline keys stable.
    /// </summary>
    public static DateTimeOffset Now(this BusinessClock clock) => Truncate(clock.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % 10, TimeSpan.Zero);
}
