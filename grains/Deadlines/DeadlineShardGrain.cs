using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Clock;
using Microsoft.Extensions.Options;

namespace Domains.Grains.Deadlines;

/// <summary>
/// Owns one shard of the deadline index and wakes its sweep loop (<see cref="DeadlineSweeper"/>) on the
/// silo it is active on. Its durable reminder is armed once and never re-registered on activation (that
/// would push the next tick back); a missed or repeated tick is harmless because each pass reads what is
/// due now and the owners' handlers are idempotent. After downtime the first tick catches up on
/// everything that fell due meanwhile. While its loop works the grain keeps itself active, and it stops
/// the loop before it deactivates, so the loop never outlives its owner.
/// </summary>
public sealed class DeadlineShardGrain(
    BusinessClock clock,
    DeadlineSweeper sweeper,
    IOptions<DeadlineOptions> options) : Grain, IDeadlineShardGrain, IRemindable
{
    private const string ReminderName = "sweep";

    /// <summary>The longest a call waits for the loop: far below Orleans' answer timeout.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(10);

    private IGrainTimer? _keepAlive;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task EnsureArmedAsync()
    {
        if (await this.GetReminder(ReminderName) is null)
        {
            var period = options.Value.SweepPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepToAsync(clock.Now(), null, TimeSpan.Zero);

    public async Task<DeadlineSweepTicket> SweepToAsync(DateTimeOffset now, DeadlineSweepTicket? ticket, TimeSpan wait)
    {
        var answer = await sweeper.SweepAsync(Shard, now, ticket, wait < MaxWait ? wait : MaxWait);
        if (!answer.Done)
        {
            _keepAlive ??= this.RegisterGrainTimer(KeepAliveAsync, new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod)
            {
                Interleave = true,
                KeepAlive = true,
            });
        }
        return answer;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _keepAlive?.Dispose();
        await sweeper.StopAsync(Shard);
    }

    /// <summary>Keeps the grain (and so its loop) on this silo while the loop works; lets it go once idle.</summary>
    private Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        if (!sweeper.IsBusy(Shard))
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }
        return Task.CompletedTask;
    }
}
