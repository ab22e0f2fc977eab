using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Domains.Grains.Entity;

/// <summary>Section <c>Idempotency</c>: how long a remembered answer is kept, and how often old ones are purged.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// Wall-clock time an answer is kept after it was given: a client retries within minutes or hours, so a week
    /// is generous. The business clock does not count here (a manual jump must not expire a retry in flight).
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Purges the answers older than <see cref="IdempotencyOptions.Retention"/> from <c>idempotency_answers</c>, a batch
/// at a time so no statement holds many locks. Every silo runs it; two purging at once only delete the same rows.
/// A failure is logged and tried again at the next interval.
/// </summary>
public sealed class IdempotencyAnswerPurge(NpgsqlDataSource db, IOptions<IdempotencyOptions> options, ILogger<IdempotencyAnswerPurge> logger)
    : BackgroundService
{
    private const int BatchSize = 10_000;

    private const string PurgeSql = """
        DELETE FROM idempotency_answers
        WHERE ctid IN (SELECT ctid FROM idempotency_answers WHERE recorded_at < now() - @retention LIMIT @batch)
        """;

    /// <summary>Deletes every answer older than the retention; returns how many.</summary>
    public static async Task<long> PurgeAsync(NpgsqlDataSource db, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        long purged = 0;
        while (true)
        {
            await using var cmd = db.CreateCommand(PurgeSql);
            cmd.Parameters.AddWithValue("retention", retention);
            cmd.Parameters.AddWithValue("batch", BatchSize);
            var deleted = await cmd.ExecuteNonQueryAsync(cancellationToken);
            purged += deleted;
            if (deleted < BatchSize) return purged;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        do
        {
            try
            {
                var purged = await PurgeAsync(db, options.Value.Retention, stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} idempotency answers older than {Retention}", purged, options.Value.Retention);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging idempotency answers failed; tried again in {Interval}", options.Value.PurgeInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
