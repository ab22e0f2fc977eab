namespace Domains.GrainInterfaces.Clock;

/// <summary>
/// The business clock of the cluster (a single grain). With the manual clock it moves time forward,
/// step by step through every deadline due on the way, and answers only when all of them are handled.
/// </summary>
[Alias("domains.IBusinessClockGrain")]
public interface IBusinessClockGrain : IGrainWithIntegerKey
{
    [Alias("GetStatus")]
    Task<ClockStatus> GetStatusAsync();

    /// <summary>Moves the manual clock to <paramref name="to"/> (never backwards); honours the idempotency key.</summary>
    [Alias("AdvanceTo")]
    Task<CommandResult<ClockStatus>> AdvanceToAsync(DateTimeOffset to, CommandContext context);
}
