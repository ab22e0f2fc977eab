using System.Collections.Concurrent;
using Domains.GrainInterfaces.Deadlines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Deadlines;

/// <summary>
/// The deadline sweep loops of this silo, one per shard whose <see cref="DeadlineShardGrain"/> is active
/// here. The shard grain is the owner of its shard's rows: Orleans keeps one activation of it in the
/// cluster, the grain starts its loop on its own silo and stops it before it deactivates, so two silos
/// never sweep one shard at once, and a dead silo's shards are swept wherever their grains are
/// activated next (the next reminder tick or clock move). A loop runs beside the grain, not inside a call:
/// the grain's calls only wake it and wait a bounded time for it.
/// </summary>
public sealed class DeadlineSweeper(
    NpgsqlDataSource db,
    IGrainFactory grains,
    DeadlineTargets targets,
    IOptions<DeadlineOptions> options,
    ILogger<DeadlineSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long stopping a loop waits for the owners' calls under way.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, DeadlineShardLoop> _loops = new();
    private volatile bool _stopping;

    internal NpgsqlDataSource Database => db;

    internal IGrainFactory Grains => grains;

    internal DeadlineTargets Targets => targets;

    internal DeadlineOptions Options => options.Value;

    internal ILogger Logger => logger;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadlineSweeper), ServiceLifecycleStage.Active, _ => Task.CompletedTask, StopAllAsync);

    /// <summary>
    /// Asks the shard's loop for a pass through <paramref name="now"/> (or follows <paramref name="ticket"/>
    /// when it is this loop's) and waits at most <paramref name="wait"/> for it.
    /// </summary>
    public async Task<DeadlineSweepTicket> SweepAsync(int shard, DateTimeOffset now, DeadlineSweepTicket? ticket, TimeSpan wait)
    {
        // A stopping silo starts nothing: the caller asks again, and reaches the shard wherever it moves.
        if (_stopping) return new DeadlineSweepTicket(Guid.Empty, 0, false);
        var loop = _loops.GetOrAdd(shard, s => new DeadlineShardLoop(s, this));
        var pass = ticket is not null && ticket.Loop == loop.Id ? ticket.Pass : loop.Request(now);
        var done = await loop.WaitAsync(pass, wait);
        return new DeadlineSweepTicket(loop.Id, pass, done);
    }

    public bool IsBusy(int shard) => _loops.TryGetValue(shard, out var loop) && loop.Busy;

    /// <summary>Stops the shard's loop (its grain leaves this silo); a later wake starts a fresh one.</summary>
    public async Task StopAsync(int shard)
    {
        if (!_loops.TryGetValue(shard, out var loop)) return;
        await loop.StopAsync(StopWait);
        _loops.TryRemove(new KeyValuePair<int, DeadlineShardLoop>(shard, loop));
    }

    private Task StopAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return Task.WhenAll(_loops.Keys.Select(StopAsync));
    }
}
