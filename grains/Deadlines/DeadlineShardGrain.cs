using System.Diagnostics;
using Domains.GrainInterfaces.Deadlines;
using Domains.Grains.Clock;
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

    private const string DueSql = """
        SELECT entity_type, entity_id
        FROM deadlines
        WHERE shard = @shard AND due_at <= @now
        GROUP BY entity_type, entity_id
        ORDER BY min(due_at), entity_type, entity_id
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

    public async Task<int> SweepAsync(DateTimeOffset now)
    {
        var seen = new HashSet<(string Type, string Id)>();
        Activity? sweep = null;
        try
        {
            while (true)
            {
                var due = (await ReadDueAsync(now)).Where(seen.Add).ToList();
                if (due.Count == 0)
                {
                    sweep?.SetTag("domains.deadline.owners", seen.Count);
                    return seen.Count;
                }

                // Started only once something is due, so the idle ticks of every shard leave no trace;
                // the owners' calls below become its children.
                sweep ??= DomainsTracing.Source.StartActivity("deadline sweep")?.SetTag("domains.deadline.shard", Shard);
                foreach (var chunk in due.Chunk(options.Value.Parallelism))
                {
                    await Task.WhenAll(chunk.Select(row => CallOwnerAsync(row.Type, row.Id)));
                }
            }
        }
        finally
        {
            sweep?.Dispose();
        }
    }

    private async Task CallOwnerAsync(string entityType, string entityId)
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
            // The row stays: the next sweep calls the owner again.
            logger.LogWarning(ex, "Deadline handling of {EntityType}/{EntityId} failed; retried next sweep", entityType, entityId);
        }
    }

    private async Task<List<(string Type, string Id)>> ReadDueAsync(DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand(DueSql);
        cmd.Parameters.AddWithValue("shard", (short)Shard);
        cmd.Parameters.AddWithValue("now", now.UtcDateTime);
        cmd.Parameters.AddWithValue("limit", options.Value.BatchSize);
        var rows = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }
}
