using System.Threading.Channels;
using Domains.Grains.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Domains.Grains.Access;

/// <summary>
/// Writes the access log in batches, so a decision never waits on the database: decisions are queued in
/// memory and a background loop appends them every <see cref="FlushInterval"/> or every
/// <see cref="BatchSize"/> entries. A failed batch is retried; the queue is drained at shutdown.
/// </summary>
public sealed class AccessLogWriter(NpgsqlDataSource db, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int BatchSize = 2_000;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private const string InsertSql = """
        INSERT INTO access_log (resource_key, workspace_id, unit_id, dataset_id, allowed, reason, at)
        SELECT * FROM unnest(@resource_key, @workspace_id, @unit_id, @dataset_id, @allowed, @reason, @at)
        """;

    private readonly Channel<AccessLogEntry> _queue = Channel.CreateUnbounded<AccessLogEntry>(
        new UnboundedChannelOptions { SingleReader = true });

    private long _written;

    public long Written => Interlocked.Read(ref _written);

    public void Record(AccessLogEntry entry) => _queue.Writer.TryWrite(entry);

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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count == 0) continue;
            try
            {
                await WriteAsync(batch);
                batch.Clear();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(ex, "Access log batch of {Count} not written; retried", batch.Count);
            }
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
            }
        }
    }

    private async Task WriteAsync(IReadOnlyCollection<AccessLogEntry> batch)
    {
        if (batch.Count == 0) return;
        await using var cmd = db.CreateCommand(InsertSql);
        cmd.Parameters.Add(Sql.TextArray("resource_key", batch.Select(e => e.ResourceKey)));
        cmd.Parameters.Add(Sql.TextArray("workspace_id", batch.Select(e => e.WorkspaceId)));
        cmd.Parameters.Add(Sql.TextArray("unit_id", batch.Select(e => e.UnitId)));
        cmd.Parameters.Add(Sql.TextArray("dataset_id", batch.Select(e => e.DatasetId)));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("allowed", batch.Select(e => e.Allowed).ToArray()));
        cmd.Parameters.Add(Sql.TextArray("reason", batch.Select(e => e.Reason)));
        cmd.Parameters.Add(Sql.InstantArray("at", batch.Select(e => e.At)));
        await cmd.ExecuteNonQueryAsync();
        Interlocked.Add(ref _written, batch.Count);
    }
}
