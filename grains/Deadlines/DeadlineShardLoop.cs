using System.Collections.Concurrent;
using System.Diagnostics;
using Domains.Grains.Journal;
using Domains.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Domains.Grains.Deadlines;

/// <summary>
/// The sweep loop of one shard on this silo (<see cref="DeadlineSweeper"/> holds them). Each request is
/// served by a pass begun after it, over the shard's rows due by the instant asked for, read in pages;
/// with no request waiting the loop ends until the next one. Nothing is claimed or marked here: a row
/// leaves the index only in its owner's save after the owner handled the deadline, so a loop stopped
/// mid-page (its shard moved, its silo died) leaves every unhandled row in place for the next pass,
/// wherever that runs, and a row handled twice meets an owner whose state no longer holds the deadline
/// (handlers are idempotent).
/// </summary>
internal sealed class DeadlineShardLoop(int shard, DeadlineSweeper sweeper)
{
    // Keyset paging in the order of the index (shard, due_at, entity_type, entity_id): each page starts
    // where the last ended, so a long catch-up reads every due row once.
    private const string DueSql = """
        SELECT entity_type, entity_id, due_at
        FROM deadlines
        WHERE shard = @shard AND due_at <= @now
          AND (@after_due::timestamptz IS NULL OR (due_at, entity_type, entity_id) > (@after_due, @after_type, @after_id))
        ORDER BY due_at, entity_type, entity_id
        LIMIT @limit
        """;

    /// <summary>How often a pass calls an owner whose handling failed again before leaving it to the next pass.</summary>
    private const int OwnerAttempts = 10;

    private static readonly TimeSpan OwnerRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PassRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The latest instant asked for by a request the next pass serves.</summary>
    private DateTimeOffset? _pendingAt;

    /// <summary>The number of the next pass, which starts after every request it serves.</summary>
    private long _next = 1;

    private long _completed;
    private Task? _running;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tells this loop's tickets from those of a loop that is gone.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    public bool Busy
    {
        get
        {
            lock (_gate) return _running is not null;
        }
    }

    /// <summary>
    /// Asks for a pass, begun after this call, through <paramref name="now"/>; returns its number. Requests
    /// made while a pass runs share the next one, through the latest instant among them.
    /// </summary>
    public long Request(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_pendingAt is null || now > _pendingAt) _pendingAt = now;
            // On the thread pool: the caller is a grain, and the owners' calls must not run on its scheduler.
            if (_running is null && !_stop.IsCancellationRequested) _running = Task.Run(RunAsync);
            return _next;
        }
    }

    /// <summary>Whether pass <paramref name="pass"/> has finished, waiting at most <paramref name="wait"/> for it.</summary>
    public async Task<bool> WaitAsync(long pass, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                if (_completed >= pass) return true;
                progress = _progress.Task;
            }
            var left = wait - clock.Elapsed;
            if (left <= TimeSpan.Zero) return false;
            try
            {
                await progress.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Stops the loop after the owners' calls under way, waiting at most <paramref name="wait"/>.</summary>
    public async Task StopAsync(TimeSpan wait)
    {
        // Cancelled outside the lock: cancellation may run the loop's continuation on this thread.
        _stop.Cancel();
        Task? running;
        lock (_gate) running = _running;
        if (running is null) return;
        try
        {
            await running.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            sweeper.Logger.LogWarning("Deadline shard {Shard}: its loop did not stop within {Wait}", shard, wait);
        }
    }

    private async Task RunAsync()
    {
        long pass = 0;
        DateTimeOffset target = default;
        while (true)
        {
            lock (_gate)
            {
                if (_stop.IsCancellationRequested || (pass == 0 && _pendingAt is null))
                {
                    _running = null;
                    return;
                }
                if (pass == 0)
                {
                    // A new pass takes every request so far; later ones wait for the one after it.
                    pass = _next++;
                    target = _pendingAt!.Value;
                    _pendingAt = null;
                }
            }

            try
            {
                await PassAsync(target, _stop.Token);
                lock (_gate)
                {
                    _completed = pass;
                    var reached = _progress;
                    _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    reached.SetResult();
                }
                pass = 0;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // The database is away: the rows wait where they are, and the same pass starts again.
                sweeper.Logger.LogWarning(ex, "Deadline shard {Shard}: the pass through {Now:O} failed; retried", shard, target);
                await Task.Delay(PassRetryDelay, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Calls the owner of every due row, each owner once, <see cref="DeadlineOptions.Parallelism"/> at a
    /// time, in due order, reading <see cref="DeadlineOptions.BatchSize"/> rows a page. Passes over the index
    /// until one finds no owner it has not called: a handler may add a row that is already due behind the
    /// page being read. An owner whose handling failed (its silo just died, the database restarted) is
    /// called again a second later, up to <see cref="OwnerAttempts"/> times, so a pass — and a manual clock
    /// jump waiting for it — does not end with a due deadline unhandled while the cluster recovers; past
    /// that, the next pass tries again.
    /// </summary>
    private async Task PassAsync(DateTimeOffset now, CancellationToken stop)
    {
        var seen = new HashSet<(string Type, string Id)>();
        var failed = new ConcurrentQueue<(string Type, string Id)>();
        var running = new List<Task>();
        var parallelism = sweeper.Options.Parallelism;
        Activity? sweep = null;
        try
        {
            bool found;
            var attempt = 1;
            do
            {
                found = false;
                (DateTimeOffset Due, string Type, string Id)? after = null;
                while (!stop.IsCancellationRequested && await ReadDueAsync(now, after, stop) is { Count: > 0 } page)
                {
                    after = page[^1];
                    foreach (var row in page)
                    {
                        if (stop.IsCancellationRequested) break;
                        if (!seen.Add((row.Type, row.Id))) continue;
                        found = true;
                        // Started only once something is due, so the idle ticks of every shard leave no trace;
                        // the owners' calls below become its children.
                        sweep ??= DomainsTracing.Source.StartActivity("deadline sweep")?.SetTag("domains.deadline.shard", shard);
                        if (running.Count >= parallelism)
                        {
                            running.Remove(await Task.WhenAny(running));
                        }
                        running.Add(CallOwnerAsync(row.Type, row.Id, failed));
                    }
                }
                await Task.WhenAll(running);
                running.Clear();
                stop.ThrowIfCancellationRequested();

                if (!found && !failed.IsEmpty && attempt < OwnerAttempts)
                {
                    attempt++;
                    await Task.Delay(OwnerRetryDelay, stop);
                    while (failed.TryDequeue(out var owner)) seen.Remove(owner);
                    found = true;
                }
            }
            while (found);

            sweep?.SetTag("domains.deadline.owners", seen.Count);
        }
        finally
        {
            await Task.WhenAll(running);
            sweep?.Dispose();
        }
    }

    private async Task CallOwnerAsync(string entityType, string entityId, ConcurrentQueue<(string Type, string Id)> failed)
    {
        var owner = sweeper.Targets.Resolve(sweeper.Grains, entityType, entityId);
        if (owner is null)
        {
            sweeper.Logger.LogError("Deadline row of unknown entity type {EntityType}/{EntityId} left in the index", entityType, entityId);
            return;
        }

        try
        {
            await owner.OnDeadlinesDueAsync();
        }
        catch (Exception ex)
        {
            // The row stays: this pass calls the owner again shortly, or the next pass does.
            sweeper.Logger.LogWarning(ex, "Deadline handling of {EntityType}/{EntityId} failed; retried", entityType, entityId);
            failed.Enqueue((entityType, entityId));
        }
    }

    private async Task<List<(DateTimeOffset Due, string Type, string Id)>> ReadDueAsync(
        DateTimeOffset now, (DateTimeOffset Due, string Type, string Id)? after, CancellationToken stop)
    {
        await using var cmd = sweeper.Database.CreateCommand(DueSql);
        cmd.Parameters.AddWithValue("shard", (short)shard);
        cmd.Parameters.AddWithValue("now", now.UtcDateTime);
        cmd.Parameters.Add(Sql.Instant("after_due", after?.Due));
        cmd.Parameters.Add(Sql.Text("after_type", after?.Type));
        cmd.Parameters.Add(Sql.Text("after_id", after?.Id));
        cmd.Parameters.AddWithValue("limit", sweeper.Options.BatchSize);
        var rows = new List<(DateTimeOffset, string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(stop);
        while (await reader.ReadAsync(stop))
        {
            rows.Add((Sql.ReadInstant(reader, 2), reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
