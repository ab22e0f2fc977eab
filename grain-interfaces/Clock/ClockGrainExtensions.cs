namespace Domains.GrainInterfaces.Clock;

public static class ClockGrainExtensions
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Moves the manual clock to <paramref name="to"/> and returns once every deadline due by then is
    /// handled, however long that takes, in calls of a few seconds each (tests, the bench).
    /// </summary>
    public static async Task<CommandResult<ClockStatus>> AdvanceToAsync(this IBusinessClockGrain clock, DateTimeOffset to, CommandContext context)
    {
        var started = await clock.StartAdvanceAsync(to, context);
        if (started.Error is { } error) return CommandResult<ClockStatus>.Failure(error);
        var sweep = started.Value!;
        while (!sweep.Done)
        {
            sweep = await clock.WaitSweepAsync(sweep.Id, Poll)
                ?? throw new InvalidOperationException($"Clock sweep {sweep.Id} is no longer known.");
        }
        return CommandResult<ClockStatus>.Success(new ClockStatus(sweep.Now, true));
    }
}
