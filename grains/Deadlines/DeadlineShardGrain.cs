using System.Collections.Concurrent;
using System.Diagnostics;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Clock;
using Domains.Grains.Journal;
using Domains.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Deadlines;

/// <summary>
/// Sweeps one shard of the deadline index. Its durable reminder is armed once and never re-registered
/// on activation (that would push the next tick back); a missed or repeated tick is harmless because
/// each sweep reads what is due now and the owners' handlers are idempotent. After downtime the first
/// tick catches up on everything that fell due meanwhile.
/// </summary>
public sealed class DeadlineShardGrain(
    NpgsqlDataSource db,
    BusinessClock clock,
    DeadlineTargets targets,
    IOptions<DeadlineOptions> options,
    ILogger<DeadlineShardGrain> logger) : Grain, IDeadlineShardGrain, IRemindable
{
    private const string ReminderName = "sweep";

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

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task EnsureArmedAsync()
    {
        if (await this.GetReminder(ReminderName) is null)
        {
            var period = options.Value.SweepPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync(clock.Now());

    /// <summary>How often a sweep calls an owner whose handling failed again before leaving it to the next sweep.</summary>
    private const int OwnerAttempts = 10;

    private static readonly TimeSpan OwnerRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls the owner of every due row, each owner once, <see cref="DeadlineOptions.Parallelism"/> at a
    /// time, in due order. Passes over the index until one finds no owner it has not called: a handler may
    /// add a row that is already due behind the page being read. An owner whose handling failed (its silo
    /// just died, the database restarted) is called again a second later, up to <see cref="OwnerAttempts"/>
    /// times, so a sweep — and a manual clock jump waiting for it — does not end with a due deadline
    /// unhandled while the cluster recovers; past that, the next sweep tries again.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        var seen = new HashSet<(string Type, string Id)>();
        var failed = new ConcurrentQueue<(string Type, string Id)>();
        var running = new List<Task>();
        var parallelism = options.Value.Parallelism;
        Activity? sweep = null;
        try
        {
            bool found;
            var attempt = 1;
            do
            {
                found = false;
                (DateTimeOffset Due, string Type, string Id)? after = null;
                while (await ReadDueAsync(now, after) is { Count: > 0 } page)
                {
                    after = page[^1];
                    foreach (var row in page)
                    {
                        if (!seen.Add((row.Type, row.Id))) continue;
                        found = true;
                        // Started only once something is due, so the idle ticks of every shard leave no trace;
                        // the owners' calls below become its children.
                        sweep ??= DomainsTracing.Source.StartActivity("deadline sweep")?.SetTag("domains.deadline.shard", Shard);
                        if (running.Count >= parallelism)
                        {
                            running.Remove(await Task.WhenAny(running));
                        }
                        running.Add(CallOwnerAsync(row.Type, row.Id, failed));
                    }
                }
                await Task.WhenAll(running);
                running.Clear();

                if (!found && !failed.IsEmpty && attempt < OwnerAttempts)
                {
                    attempt++;
                    await Task.Delay(OwnerRetryDelay);
                    while (failed.TryDequeue(out var owner)) seen.Remove(owner);
                    found = true;
                }
            }
            while (found);

            sweep?.SetTag("domains.deadline.owners", seen.Count);
            return seen.Count;
        }
        finally
        {
            sweep?.Dispose();
        }
    }

    private async Task CallOwnerAsync(string entityType, string entityId, ConcurrentQueue<(string Type, string Id)> failed)
    {
        var owner = targets.Resolve(GrainFactory, entityType, entityId);
        if (owner is null)
        {
            logger.LogError("Deadline row of unknown entity type {EntityType}/{EntityId} left in the index", entityType, entityId);
            return;
        }

        try
        {
            await owner.OnDeadlinesDueAsync();
        }
        catch (Exception ex)
        {
            // The row stays: this sweep calls the owner again shortly, or the next sweep does.
            logger.LogWarning(ex, "Deadline handling of {EntityType}/{EntityId} failed; retried", entityType, entityId);
            failed.Enqueue((entityType, entityId));
        }
    }

    private async Task<List<(DateTimeOffset Due, string Type, string Id)>> ReadDueAsync(
        DateTimeOffset now, (DateTimeOffset Due, string Type, string Id)? after)
    {
        await using var cmd = db.CreateCommand(DueSql);
        cmd.Parameters.AddWithValue("shard", (short)Shard);
        cmd.Parameters.AddWithValue("now", now.UtcDateTime);
        cmd.Parameters.Add(Sql.Instant("after_due", after?.Due));
        cmd.Parameters.Add(Sql.Text("after_type", after?.Type));
        cmd.Parameters.Add(Sql.Text("after_id", after?.Id));
        cmd.Parameters.AddWithValue("limit", options.Value.BatchSize);
        var rows = new List<(DateTimeOffset, string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((Sql.ReadInstant(reader, 2), reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
