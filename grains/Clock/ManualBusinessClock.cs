namespace Domains.Grains.Clock;

/// <summary>
/// The business clock in manual mode: it stands still until the cluster's clock grain moves it. Every
/// silo holds one; the instant itself lives in PostgreSQL (<c>business_clock</c>).
/// </summary>
public sealed class ManualBusinessClock : BusinessClock
{
    public override bool IsManual => true;

    private long _utcTicks = ClockExtensions.Truncate(DateTimeOffset.UtcNow).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Takes the cluster's stored instant at start-up, whatever this silo's placeholder said.</summary>
    public void Load(DateTimeOffset stored) => Interlocked.Exchange(ref _utcTicks, stored.UtcTicks);

    /// <summary>Moves the clock to <paramref name="now"/>; never backwards, whatever order updates arrive in.</summary>
    public void Set(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _utcTicks);
            if (ticks <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _utcTicks, ticks, seen) != seen);
    }
}
