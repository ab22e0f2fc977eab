using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Clock;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Deadlines;
using Domains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Domains.Grains.Clock;

/// <summary>
/// Moves the manual clock. To keep deadlines in order it steps: to the earliest pending deadline on
/// the way, sets every silo's clock there, sweeps every shard, and repeats until the target, so each
/// handler runs at its own due instant and sees the effects of the ones before it.
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

    public Task<ClockStatus> GetStatusAsync() => Task.FromResult(new ClockStatus(clock.Now(), clock.IsManual));

    public async Task<CommandResult<ClockStatus>> AdvanceToAsync(DateTimeOffset to, CommandContext context)
    {
        if (!clock.IsManual)
        {
            return CommandResult<ClockStatus>.Failure(new DomainError(ErrorCodes.NotFound, "The business clock is not manual."));
        }

        to = ClockExtensions.Truncate(to);
        var from = clock.Now();
        if (to < from)
        {
            return CommandResult<ClockStatus>.Failure(DomainError.Validation("to", $"The clock never moves backwards; it is {from:O}."));
        }

        if (context.IdempotencyKey is { } key && state.State.Advances.Find(a => a.Key == key) is { } earlier)
        {
            return earlier.RequestHash == context.RequestHash
                ? CommandResult<ClockStatus>.Success(new ClockStatus(earlier.Now, true))
                : CommandResult<ClockStatus>.Failure(DomainError.IdempotencyKeyReused(key));
        }

        logger.LogInformation("{Actor} moves the business clock from {From:O} to {To:O}", context.Actor.Subject, from, to);
        await SweepAllAsync(from);
        var at = from;
        while (await NextDueAsync(at, to) is { } next)
        {
            at = next;
            await SetEverywhereAsync(at);
            await SweepAllAsync(at);
        }

        await SetEverywhereAsync(to);
        await SweepAllAsync(to);
        if (context.IdempotencyKey is { } newKey)
        {
            state.State.Remember(newKey, context.RequestHash ?? "", to);
            await state.WriteStateAsync();
        }
        return CommandResult<ClockStatus>.Success(new ClockStatus(clock.Now(), true));
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

    /// <summary>Stores the instant first, so a silo that starts meanwhile loads it, then tells every active silo.</summary>
    private async Task SetEverywhereAsync(DateTimeOffset now)
    {
        await store.SaveAsync(now);
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        await Task.WhenAll(hosts.Keys.Select(silo => sync.On(silo).SetAsync(now)));
        (clock as ManualBusinessClock)?.Set(now);
    }

    private Task SweepAllAsync(DateTimeOffset now) =>
        Task.WhenAll(Enumerable.Range(0, DeadlineShards.Count)
            .Select(shard => GrainFactory.GetGrain<IDeadlineShardGrain>(shard).SweepAsync(now)));
}
