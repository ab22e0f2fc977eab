using System.Threading.Channels;
using Domains.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Access;

/// <summary>
/// Writes the access log in batches, so a decision never waits on the database: decisions are queued in
/// memory and a background loop copies them in (binary <c>COPY</c>) once <see cref="FlushInterval"/>
/// after the first one queued, then without pause while a full <see cref="BatchSize"/> is waiting, so the
/// writer keeps up with any decision rate the database can take. A failed batch is retried; the queue is
/// drained at shutdown.
/// </summary>
/// <remarks>
/// The queue is bounded (<see cref="Capacity"/>): while the database is down decisions go on from memory,
/// and an unbounded queue would grow until the silo runs out of memory. An entry that finds it full is
/// dropped and counted (<c>domains.access_log.dropped</c>); entries a shutdown cannot write are counted as
/// lost (<c>domains.access_log.lost</c>), and <c>domains.access_log.queued</c> shows how many a crash
/// would lose at any moment, so no loss is silent.
/// </remarks>
public sealed class AccessLogWriter(NpgsqlDataSource db, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int BatchSize = 5_000;

    /// <summary>About a minute of decisions at a high rate, tens of megabytes at most.</summary>
    public const int Capacity = 100_000;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private const string CopySql =
        "COPY access_log (resource_key, workspace_id, unit_id, dataset_id, allowed, reason, at) FROM STDIN (FORMAT BINARY)";

    private readonly Channel<AccessLogEntry> _queue = Channel.CreateBounded<AccessLogEntry>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _written;
    private long _dropped;
    private IDisposable? _queueGauge;

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the entry, never waiting: a full queue drops it and counts the loss.</summary>
    public void Record(AccessLogEntry entry)
    {
        // FullMode.Wait makes TryWrite refuse when full (the other modes would drop silently).
        if (_queue.Writer.TryWrite(entry)) return;
        Interlocked.Increment(ref _dropped);
        DomainsMetrics.AccessLogEntriesDropped(1);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _queueGauge ??= DomainsMetrics.ObserveAccessLogQueue(() => _queue.Reader.Count);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _queueGauge?.Dispose();
        base.Dispose();
    }

    /// <summary>Writes everything queued so far (tests and shutdown).</summary>
    public async Task FlushAsync()
    {
        var batch = new List<AccessLogEntry>();
        while (_queue.Reader.TryRead(out var entry)) batch.Add(entry);
        await WriteAsync(batch);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessLogEntry>(BatchSize);
        var behind = false;
        try
        {
            while (true)
            {
                if (batch.Count == 0)
                {
                    await _queue.Reader.WaitToReadAsync(stoppingToken);
                    // A full batch last time means more are waiting: no pause then.
                    if (!behind) await Task.Delay(FlushInterval, stoppingToken);
                }

                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
                behind = batch.Count == BatchSize;
                try
                {
                    await WriteAsync(batch);
                    batch.Clear();
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(ex, "Access log batch of {Count} not written; retried", batch.Count);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var rest)) batch.Add(rest);
        if (batch.Count > 0)
        {
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogError(ex, "{Count} access log entries lost at shutdown", batch.Count);
                DomainsMetrics.AccessLogEntriesLost(batch.Count);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyCollection<AccessLogEntry> batch)
    {
        if (batch.Count == 0) return;
        await using var connection = await db.OpenConnectionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(CopySql))
        {
            foreach (var e in batch)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(e.ResourceKey, NpgsqlDbType.Text);
                await copy.WriteAsync(e.WorkspaceId, NpgsqlDbType.Text);
                await copy.WriteAsync(e.UnitId, NpgsqlDbType.Text);
                await copy.WriteAsync(e.DatasetId, NpgsqlDbType.Text);
                await copy.WriteAsync(e.Allowed, NpgsqlDbType.Boolean);
                await copy.WriteAsync(e.Reason, NpgsqlDbType.Text);
                await copy.WriteAsync(e.At.UtcDateTime, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        Interlocked.Add(ref _written, batch.Count);
    }
}
