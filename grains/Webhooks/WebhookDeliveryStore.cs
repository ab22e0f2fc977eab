using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Webhooks;

/// <summary>A delivery due for an attempt, with its notice (<c>null</c> if the notice row is gone).</summary>
public sealed record DueDelivery(string NoticeId, string Kind, int Attempts, DateTimeOffset QueuedAt, NoticePayload? Notice);

/// <summary>One attempt and the step it leads to, as recorded.</summary>
public sealed record AttemptRecord(
    string NoticeId, DateTimeOffset At, int DurationMs, int? StatusCode, string? Error, DeliveryStep Step);

/// <summary>What one round of queueing did: the cursor to go on from, and whether a full batch suggests more.</summary>
public readonly record struct QueueRound(NoticeCursor Next, int Queued, bool More);

/// <summary>
/// The SQL of notice webhooks (migration 0007): queueing notices as deliveries behind a cursor,
/// finding due deliveries, recording attempts and listing them. Every write is idempotent or guarded,
/// so two activations of one webhook, or a poll repeated after a crash, at worst post a notice twice.
/// </summary>
public sealed class WebhookDeliveryStore(NpgsqlDataSource db)
{
    private const string HorizonSql = "SELECT pg_snapshot_xmin(s), s::text FROM pg_current_snapshot() AS s";

    private const string ReadCursorSql = "SELECT after_txid, after_seq FROM webhook_cursors WHERE webhook_id = @webhook_id";

    private const string SaveCursorSql = """
        INSERT INTO webhook_cursors (webhook_id, after_txid, after_seq)
        VALUES (@webhook_id, @after_txid, @after_seq)
        ON CONFLICT (webhook_id) DO UPDATE
        SET after_txid = excluded.after_txid, after_seq = excluded.after_seq, updated_at = now()
        WHERE (webhook_cursors.after_txid, webhook_cursors.after_seq) < (excluded.after_txid, excluded.after_seq)
        """;

    // One statement, so the horizon and the rows read below it come from one snapshot.
    private const string QueueSql = """
        WITH horizon AS (
            SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        batch AS (
            SELECT n.id, n.kind, n.txid, n.seq
            FROM notifications n
            WHERE (n.txid, n.seq) > (@after_txid, @after_seq)
              AND n.txid < (SELECT xmin FROM horizon)
              AND (@start_snapshot::text IS NULL OR NOT pg_visible_in_snapshot(n.txid, @start_snapshot::text::pg_snapshot))
              AND n.kind = ANY(@kinds)
            ORDER BY n.txid, n.seq
            LIMIT @limit),
        queued AS (
            INSERT INTO webhook_deliveries (webhook_id, notice_id, kind, queued_at, next_attempt_at)
            SELECT @webhook_id, b.id, b.kind, @now, @now FROM batch b ORDER BY b.txid, b.seq
            ON CONFLICT (webhook_id, notice_id) DO NOTHING
            RETURNING 1)
        SELECT (SELECT xmin FROM horizon), (SELECT count(*) FROM batch), (SELECT count(*) FROM queued), last.txid, last.seq
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT txid, seq FROM batch ORDER BY txid DESC, seq DESC LIMIT 1) AS last ON true
        """;

    private const string DueSql = """
        SELECT d.notice_id, d.kind, d.attempts, d.queued_at, n.id IS NOT NULL, n.recipient, n.entity, n.at, n.subject
        FROM webhook_deliveries d
        LEFT JOIN notifications n ON n.id = d.notice_id
        WHERE d.webhook_id = @webhook_id AND d.state = 'pending' AND d.next_attempt_at <= @now
        ORDER BY d.next_attempt_at, d.seq
        LIMIT @limit
        """;

    // An attempt counts only against a delivery still pending: a second activation racing this one
    // may have settled it, and its number comes from the row, so attempts never share a number.
    private const string RecordSql = """
        WITH result AS (
            SELECT * FROM unnest(@notice_id, @state, @next_attempt_at, @completed_at, @at, @duration_ms, @status_code, @error)
                AS r(notice_id, state, next_attempt_at, completed_at, at, duration_ms, status_code, error)),
        delivery AS (
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, state = r.state, next_attempt_at = r.next_attempt_at, completed_at = r.completed_at
            FROM result r
            WHERE d.webhook_id = @webhook_id AND d.notice_id = r.notice_id AND d.state = 'pending'
            RETURNING d.notice_id, d.attempts)
        INSERT INTO webhook_attempts (webhook_id, notice_id, attempt, at, duration_ms, status_code, error)
        SELECT @webhook_id, r.notice_id, d.attempts, r.at, r.duration_ms, r.status_code, r.error
        FROM delivery d JOIN result r ON r.notice_id = d.notice_id
        """;

    // Answered from the partial index of pending deliveries.
    private const string CountPendingSql = "SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'";

    private const string ListSql = """
        SELECT seq, notice_id, kind, state, queued_at, next_attempt_at, completed_at
        FROM webhook_deliveries
        WHERE webhook_id = @webhook_id AND seq > @after AND (@state::text IS NULL OR state = @state)
        ORDER BY seq
        LIMIT @limit
        """;

    private const string AttemptsSql = """
        SELECT notice_id, attempt, at, duration_ms, status_code, error
        FROM webhook_attempts
        WHERE webhook_id = @webhook_id AND notice_id = ANY(@notice_ids)
        ORDER BY notice_id, attempt
        """;

    private static readonly Dictionary<string, DeliveryState> States =
        Enum.GetValues<DeliveryState>().ToDictionary(s => Kebab.Name(s), StringComparer.Ordinal);

    /// <summary>The oldest transaction still running: every notice inserted below it is committed or never will be.</summary>
    /// <summary>
    /// The database's snapshot now: its oldest running transaction (where a new cursor starts) and the
    /// snapshot itself, whose committed notices a webhook starting now skips.
    /// </summary>
    public async Task<(ulong Xmin, string Snapshot)> HorizonAsync()
    {
        await using var cmd = db.CreateCommand(HorizonSql);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetFieldValue<ulong>(0), reader.GetString(1));
    }

    public async Task<NoticeCursor?> ReadCursorAsync(string webhookId)
    {
        await using var cmd = db.CreateCommand(ReadCursorSql);
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        await using var reader = await cmd.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new NoticeCursor(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Moves the cursor forward; a cursor already further (another activation's) stays.</summary>
    public async Task SaveCursorAsync(string webhookId, NoticeCursor cursor)
    {
        await using var cmd = db.CreateCommand(SaveCursorSql);
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        cmd.Parameters.Add(Txid("after_txid", cursor.Txid));
        cmd.Parameters.AddWithValue("after_seq", cursor.Seq);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Queues, as pending deliveries due now, the next notices of <paramref name="kinds"/> after <paramref name="after"/>.</summary>
    /// <param name="startSnapshot">Notices committed in this snapshot (before the webhook started) are skipped.</param>
    public async Task<QueueRound> QueueAsync(
        string webhookId, NoticeCursor after, string? startSnapshot, IReadOnlyList<string> kinds, int limit, DateTimeOffset now)
    {
        await using var cmd = db.CreateCommand(QueueSql);
        cmd.Parameters.Add(Sql.Text("start_snapshot", startSnapshot));
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        cmd.Parameters.Add(Txid("after_txid", after.Txid));
        cmd.Parameters.AddWithValue("after_seq", after.Seq);
        cmd.Parameters.Add(Sql.TextArray("kinds", kinds));
        cmd.Parameters.AddWithValue("limit", limit);
        cmd.Parameters.Add(Sql.Instant("now", now));
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var horizon = reader.GetFieldValue<ulong>(0);
        var scanned = reader.GetInt64(1);
        var queued = (int)reader.GetInt64(2);
        if (scanned < limit)
        {
            // Everything of these kinds below the horizon is queued: go on from there.
            return new QueueRound(NoticeCursor.Max(after, NoticeCursor.Before(horizon)), queued, More: false);
        }
        return new QueueRound(new NoticeCursor(reader.GetFieldValue<ulong>(3), reader.GetInt64(4)), queued, More: true);
    }

    public async Task<List<DueDelivery>> DueAsync(string webhookId, DateTimeOffset now, int limit)
    {
        await using var cmd = db.CreateCommand(DueSql);
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        cmd.Parameters.Add(Sql.Instant("now", now));
        cmd.Parameters.AddWithValue("limit", limit);
        var due = new List<DueDelivery>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var noticeId = reader.GetString(0);
            var kind = reader.GetString(1);
            var notice = reader.GetBoolean(4)
                ? new NoticePayload(noticeId, kind, reader.GetString(5), reader.GetString(6), Sql.ReadInstant(reader, 7), reader.GetString(8))
                : null;
            due.Add(new DueDelivery(noticeId, kind, reader.GetInt32(2), Sql.ReadInstant(reader, 3), notice));
        }
        return due;
    }

    public async Task RecordAsync(string webhookId, IReadOnlyList<AttemptRecord> attempts)
    {
        if (attempts.Count == 0) return;
        await using var cmd = db.CreateCommand(RecordSql);
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        cmd.Parameters.Add(Sql.TextArray("notice_id", attempts.Select(a => a.NoticeId)));
        cmd.Parameters.Add(Sql.TextArray("state", attempts.Select(a => Kebab.Name(a.Step.State))));
        cmd.Parameters.Add(NullableInstants("next_attempt_at", attempts.Select(a => a.Step.NextAttemptAt)));
        cmd.Parameters.Add(NullableInstants("completed_at", attempts.Select(a => a.Step.CompletedAt)));
        cmd.Parameters.Add(Sql.InstantArray("at", attempts.Select(a => a.At)));
        cmd.Parameters.Add(new NpgsqlParameter("duration_ms", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = attempts.Select(a => a.DurationMs).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("status_code", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = attempts.Select(a => a.StatusCode).ToArray() });
        cmd.Parameters.Add(Sql.TextArray("error", attempts.Select(a => a.Error)));
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The deliveries of every webhook still waiting for an attempt or a retry.</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(CountPendingSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<Page<WebhookDeliveryView>> ListAsync(string webhookId, DeliveryQuery query)
    {
        var rows = new List<(long Seq, string NoticeId, string Kind, DeliveryState State, DateTimeOffset QueuedAt, DateTimeOffset? Next, DateTimeOffset? Completed)>();
        await using (var cmd = db.CreateCommand(ListSql))
        {
            cmd.Parameters.AddWithValue("webhook_id", webhookId);
            cmd.Parameters.AddWithValue("after", query.AfterSeq);
            cmd.Parameters.Add(Sql.Text("state", query.State is { } state ? Kebab.Name(state) : null));
            cmd.Parameters.AddWithValue("limit", query.Limit + 1);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), States[reader.GetString(3)], Sql.ReadInstant(reader, 4),
                    reader.IsDBNull(5) ? null : Sql.ReadInstant(reader, 5), reader.IsDBNull(6) ? null : Sql.ReadInstant(reader, 6)));
            }
        }

        var page = rows.Take(query.Limit).ToList();
        var attempts = await AttemptsAsync(webhookId, page.Select(r => r.NoticeId).ToList());
        var items = page.Select(r => new WebhookDeliveryView(r.Seq, r.NoticeId, r.Kind, r.State, r.QueuedAt, r.Next, r.Completed,
            attempts.TryGetValue(r.NoticeId, out var list) ? list : [])).ToList();
        return new Page<WebhookDeliveryView>(items, rows.Count > query.Limit ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }

    private async Task<Dictionary<string, List<WebhookAttemptView>>> AttemptsAsync(string webhookId, IReadOnlyList<string> noticeIds)
    {
        var attempts = new Dictionary<string, List<WebhookAttemptView>>(StringComparer.Ordinal);
        if (noticeIds.Count == 0) return attempts;
        await using var cmd = db.CreateCommand(AttemptsSql);
        cmd.Parameters.AddWithValue("webhook_id", webhookId);
        cmd.Parameters.Add(Sql.TextArray("notice_ids", noticeIds));
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var noticeId = reader.GetString(0);
            if (!attempts.TryGetValue(noticeId, out var list)) attempts[noticeId] = list = [];
            list.Add(new WebhookAttemptView(reader.GetInt32(1), Sql.ReadInstant(reader, 2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return attempts;
    }

    private static NpgsqlParameter Txid(string name, ulong value) => new(name, NpgsqlDbType.Xid8) { Value = value };

    private static NpgsqlParameter NullableInstants(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.UtcDateTime).ToArray() };
}
