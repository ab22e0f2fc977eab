using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Deadlines;
using Domains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Domains.Grains.Clock;

/// <summary>
/// Moves the manual clock. Each move is a sweep recorded in the grain's state before it is answered and
/// run by a timer beside the grain's calls, so no call lasts as long as the sweep: callers wait for it in
/// bounded calls (<see cref="WaitSweepAsync"/>). To keep deadlines in order a sweep steps: to the earliest
/// pending deadline on the way, sets every silo's clock there, has every shard handle what is due, and
/// repeats until the target, so each handler runs at its own due instant and sees the effects of the ones
/// before it. A sweep cut short (its silo stopped) resumes from the clock's stored instant when the grain
/// is next activated — by the caller polling it — and the shards' rows tell what is still due.
/// </summary>
public sealed class BusinessClockGrain(
    [PersistentState(StorageNames.ClockState, StorageNames.Main)] IPersistentState<BusinessClockState> state,
    BusinessClock clock,
    ClockStore store,
    ClockSyncClient sync,
    NpgsqlDataSource db,
    ILogger<BusinessClockGrain> logger) : Grain, IBusinessClockGrain
{
    private const string NextDueSql = "SELECT min(due_at) FROM deadlines WHERE due_at > @after AND due_at <= @to";

    private const string DueLeftSql = "SELECT count(*) FROM deadlines WHERE due_at <= @to AND kind <> @internal_kind";

    /// <summary>The longest one wait lasts: far below Orleans' answer timeout.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>How long one call to a shard waits for its loop before the sweep asks again.</summary>
    private static readonly TimeSpan ShardWait = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ShardRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The sweeps' runner starts again this long after a failure (the database away).</summary>
    private static readonly TimeSpan RunnerRetry = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _writing = new(1, 1);
    private IGrainTimer? _runner;
    private TaskCompletionSource _progress = NewProgress();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Sweeps.Exists(s => s.Reached is null)) StartRunner();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _runner?.Dispose();
        _runner = null;
        // Waiters answer now with the sweep still running, and ask the next activation.
        Signal();
        return Task.CompletedTask;
    }

    public Task<ClockStatus> GetStatusAsync() => Task.FromResult(new ClockStatus(clock.Now(), clock.IsManual));

    public async Task<CommandResult<ClockSweep>> StartAdvanceAsync(DateTimeOffset to, CommandContext context)
    {
        if (!clock.IsManual)
        {
            return CommandResult<ClockSweep>.Failure(new DomainError(ErrorCodes.NotFound, "The business clock is not manual."));
        }

        to = ClockExtensions.Truncate(to);
        var from = clock.Now();
        if (to < from)
        {
            return CommandResult<ClockSweep>.Failure(DomainError.Validation("to", $"The clock never moves backwards; it is {from:O}."));
        }

        if (context.IdempotencyKey is { } key)
        {
            if (state.State.Sweeps.Find(s => s.Key == key) is { } sweep)
            {
                return sweep.RequestHash == context.RequestHash
                    ? CommandResult<ClockSweep>.Success(View(sweep))
                    : CommandResult<ClockSweep>.Failure(DomainError.IdempotencyKeyReused(key));
            }
            if (state.State.Advances.Find(a => a.Key == key) is { } earlier)
            {
                return earlier.RequestHash == context.RequestHash
                    ? CommandResult<ClockSweep>.Success(new ClockSweep(earlier.Key, earlier.Now, true, earlier.Now))
                    : CommandResult<ClockSweep>.Failure(DomainError.IdempotencyKeyReused(key));
            }
        }

        logger.LogInformation("{Actor} moves the business clock from {From:O} to {To:O}", context.Actor.Subject, from, to);
        var entry = new ClockSweepEntry($"sweep-{Guid.NewGuid():N}", context.IdempotencyKey, context.RequestHash, to);
        try
        {
            await WriteAsync(() => state.State.Add(entry));
        }
        catch
        {
            // Not stored, so not accepted: the caller sees the failure and may ask again.
            state.State.Sweeps.Remove(entry);
            throw;
        }
        StartRunner();
        return CommandResult<ClockSweep>.Success(View(entry));
    }

    public async Task<ClockSweep?> WaitSweepAsync(string id, TimeSpan atMost)
    {
        var until = DateTime.UtcNow + (atMost < MaxWait ? atMost : MaxWait);
        while (true)
        {
            if (state.State.Sweeps.Find(s => s.Id == id) is not { } sweep) return null;
            var left = until - DateTime.UtcNow;
            if (sweep.Reached is not null || left <= TimeSpan.Zero)
            {
                return sweep.Reached is null ? View(sweep) with { DueLeft = await DueLeftAsync(sweep.To) } : View(sweep);
            }
            try
            {
                await _progress.Task.WaitAsync(left);
            }
            catch (TimeoutException)
            {
            }
            if (_runner is null && state.State.Sweeps.Exists(s => s.Reached is null)) return View(sweep);
        }
    }

    private ClockSweep View(ClockSweepEntry sweep) =>
        new(sweep.Id, sweep.To, sweep.Reached is not null, sweep.Reached ?? clock.Now());

    private void StartRunner() =>
        _runner ??= this.RegisterGrainTimer(RunSweepsAsync, new GrainTimerCreationOptions(TimeSpan.Zero, RunnerRetry)
        {
            Interleave = true,
            KeepAlive = true,
        });

    /// <summary>Runs the waiting sweeps in order; a failure is logged by the timer, which tries again shortly.</summary>
    private async Task RunSweepsAsync(CancellationToken cancellationToken)
    {
        while (state.State.Sweeps.Find(s => s.Reached is null) is { } next)
        {
            await SweepToAsync(next.To, cancellationToken);
            await WriteAsync(() => state.State.Finish(next.Id, clock.Now()));
            Signal();
        }
        _runner?.Dispose();
        _runner = null;
    }

    private async Task SweepToAsync(DateTimeOffset to, CancellationToken cancellationToken)
    {
        var at = clock.Now();
        await SweepAllAsync(at, cancellationToken);
        while (await NextDueAsync(at, to) is { } next)
        {
            at = next;
            await SetEverywhereAsync(at);
            await SweepAllAsync(at, cancellationToken);
        }

        await SetEverywhereAsync(to);
        await SweepAllAsync(to, cancellationToken);
    }

    /// <summary>
    /// Returns once every shard has made a pass, begun after this call, over what is due by
    /// <paramref name="now"/>. A shard whose call fails (its silo stopped, it is moving) is asked again: the
    /// next call activates it elsewhere, where its old ticket names no loop, so a new pass starts from the rows.
    /// </summary>
    private async Task SweepAllAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tickets = new Dictionary<int, DeadlineSweepTicket?>();
        for (var shard = 0; shard < DeadlineShards.Count; shard++) tickets[shard] = null;
        while (tickets.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answers = await Task.WhenAll(tickets.Select(async pending =>
            {
                try
                {
                    var ticket = await GrainFactory.GetGrain<IDeadlineShardGrain>(pending.Key).SweepToAsync(now, pending.Value, ShardWait);
                    return (Shard: pending.Key, Ticket: ticket, Failed: false);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Deadline shard {Shard} did not answer the sweep through {Now:O}; asked again", pending.Key, now);
                    return (Shard: pending.Key, Ticket: pending.Value, Failed: true);
                }
            }));
            foreach (var answer in answers)
            {
                if (answer.Ticket is { Done: true }) tickets.Remove(answer.Shard);
                else tickets[answer.Shard] = answer.Ticket;
            }
            if (answers.Any(a => a.Failed)) await Task.Delay(ShardRetryDelay, cancellationToken);
        }
    }

    private async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset after, DateTimeOffset to)
    {
        await using var cmd = db.CreateCommand(NextDueSql);
        cmd.Parameters.AddWithValue("after", after.UtcDateTime);
        cmd.Parameters.AddWithValue("to", to.UtcDateTime);
        return await cmd.ExecuteScalarAsync() is DateTime due
            ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc), TimeSpan.Zero)
            : null;
    }

    private async Task<long> DueLeftAsync(DateTimeOffset to)
    {
        await using var cmd = db.CreateCommand(DueLeftSql);
        cmd.Parameters.AddWithValue("to", to.UtcDateTime);
        cmd.Parameters.AddWithValue("internal_kind", InternalDeadlines.OutboxRetry);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Stores the instant first, so a silo that starts meanwhile loads it, then tells every active silo.</summary>
    private async Task SetEverywhereAsync(DateTimeOffset now)
    {
        await store.SaveAsync(now);
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        await Task.WhenAll(hosts.Keys.Select(silo => sync.On(silo).SetAsync(now)));
        (clock as ManualBusinessClock)?.Set(now);
    }

    /// <summary>The runner's turns interleave with calls: one state write at a time.</summary>
    private async Task WriteAsync(Action change)
    {
        await _writing.WaitAsync();
        try
        {
            change();
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    private void Signal()
    {
        var reached = _progress;
        _progress = NewProgress();
        reached.TrySetResult();
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
