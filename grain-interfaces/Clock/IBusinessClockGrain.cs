namespace Domains.GrainInterfaces.Clock;

/// <summary>
/// The business clock of the cluster (a single grain). With the manual clock it moves time forward,
/// step by step through every deadline due on the way, as a sweep of its own: starting one answers at
/// once, and callers wait for it in bounded calls (<see cref="ClockGrainExtensions.AdvanceToAsync"/>), so no
/// grain call lasts as long as a large catch-up.
/// </summary>
[Alias("domains.IBusinessClockGrain")]
public interface IBusinessClockGrain : IGrainWithIntegerKey
{
    [Alias("GetStatus")]
    Task<ClockStatus> GetStatusAsync();

    /// <summary>
    /// Records a move of the manual clock to <paramref name="to"/> (never backwards) and starts its sweep;
    /// honours the idempotency key (a replay returns the same sweep). Moves run one after another, in order.
    /// </summary>
    [Alias("StartAdvance")]
    Task<CommandResult<ClockSweep>> StartAdvanceAsync(DateTimeOffset to, CommandContext context);

    /// <summary>
    /// The sweep, once it is done or after <paramref name="atMost"/> (capped at a few seconds), whichever
    /// comes first; <c>null</c> when no sweep has that id.
    /// </summary>
    [Alias("WaitSweep"), Orleans.Concurrency.AlwaysInterleave]
    Task<ClockSweep?> WaitSweepAsync(string id, TimeSpan atMost);
}
