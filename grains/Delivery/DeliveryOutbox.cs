using System.Globalization;
using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Delivery;
using Domains.Grains.Journal;
using Domains.Grains.Lifecycle;
using Npgsql;
using NpgsqlTypes;

namespace Domains.Grains.Delivery;

/// <summary>
/// The SQL of one notice outbox (webhooks: migration 0007; channels: 0100): queueing notices as
/// deliveries behind a cursor, finding due deliveries, recording attempts and listing them. Every write
/// is idempotent or guarded, so two activations of one owner, or a poll repeated after a crash, at worst
/// send a notice twice. Webhooks and channels each have their own three tables of one shape
/// (<see cref="DeliveryTables"/>); the SQL is the same.
/// </summary>
public class DeliveryOutbox
{
    private readonly NpgsqlDataSource _db;

    public DeliveryOutbox(NpgsqlDataSource db, DeliveryTables tables)
    {
        _db = db;
        Tables = tables;
        ReadCursorSql = tables.Apply(ReadCursorTemplate);
        SaveCursorSql = tables.Apply(SaveCursorTemplate);
        QueueSql = tables.Apply(QueueTemplate);
        DueSql = tables.Apply(DueTemplate);
        RecordSql = tables.Apply(RecordTemplate);
        CountPendingSql = tables.Apply(CountPendingTemplate);
        ListSql = tables.Apply(ListTemplate);
        AttemptsSql = tables.Apply(AttemptsTemplate);
    }

    public DeliveryTables Tables { get; }

    private const string HorizonSql = "SELECT pg_snapshot_xmin(s), s::text FROM pg_current_snapshot() AS s";

    private const string ReadCursorTemplate = "SELECT after_txid, after_seq FROM {cursors} WHERE {owner} = @owner_id";

    private const string SaveCursorTemplate = """
        INSERT INTO {cursors} ({owner}, after_txid, after_seq)
        VALUES (@owner_id, @after_txid, @after_seq)
        ON CONFLICT ({owner}) DO UPDATE
        SET after_txid = excluded.after_txid, after_seq = excluded.after_seq, updated_at = now()
        WHERE ({cursors}.after_txid, {cursors}.after_seq) < (excluded.after_txid, excluded.after_seq)
        """;

    // One statement, so the horizon and the rows read below it come from one snapshot.
    private const string QueueTemplate = """
        WITH horizon AS (
            SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
        batch AS (
            SELECT n.id, n.kind, n.txid, n.seq
            FROM notifications n
            WHERE (n.txid, n.seq) > (@after_txid, @after_seq)
              AND n.txid < (SELECT xmin FROM horizon)
              AND (@start_snapshot::text IS NULL OR NOT pg_visible_in_snapshot(n.txid, @start_snapshot::text::pg_snapshot))
              AND n.kind = ANY(@kinds)
              AND (@recipients::text[] IS NULL OR n.recipient LIKE ANY(@recipients::text[]))
            ORDER BY n.txid, n.seq
            LIMIT @limit),
        queued AS (
            INSERT INTO {deliveries} ({owner}, notice_id, kind, queued_at, next_attempt_at)
            SELECT @owner_id, b.id, b.kind, @now, @now FROM batch b ORDER BY b.txid, b.seq
            ON CONFLICT ({owner}, notice_id) DO NOTHING
            RETURNING 1)
        SELECT (SELECT xmin FROM horizon), (SELECT count(*) FROM batch), (SELECT count(*) FROM queued), last.txid, last.seq
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT txid, seq FROM batch ORDER BY txid DESC, seq DESC LIMIT 1) AS last ON true
        """;

    private const string DueTemplate = """
        SELECT d.notice_id, d.kind, d.attempts, d.queued_at, n.id IS NOT NULL, n.recipient, n.entity, n.at, n.subject
        FROM {deliveries} d
        LEFT JOIN notifications n ON n.id = d.notice_id
        WHERE d.{owner} = @owner_id AND d.state = 'pending' AND d.next_attempt_at <= @now
        ORDER BY d.next_attempt_at, d.seq
        LIMIT @limit
        """;

    // An attempt counts only against a delivery still pending: a second activation racing this one
    // may have settled it, and its number comes from the row, so attempts never share a number.
    private const string RecordTemplate = """
        WITH result AS (
            SELECT * FROM unnest(@notice_id, @state, @next_attempt_at, @completed_at, @at, @duration_ms, @status_code, @error)
                AS r(notice_id, state, next_attempt_at, completed_at, at, duration_ms, status_code, error)),
        delivery AS (
            UPDATE {deliveries} d
            SET attempts = d.attempts + 1, state = r.state, next_attempt_at = r.next_attempt_at, completed_at = r.completed_at
            FROM result r
            WHERE d.{owner} = @owner_id AND d.notice_id = r.notice_id AND d.state = 'pending'
            RETURNING d.notice_id, d.attempts)
        INSERT INTO {attempts} ({owner}, notice_id, attempt, at, duration_ms, status_code, error)
        SELECT @owner_id, r.notice_id, d.attempts, r.at, r.duration_ms, r.status_code, r.error
        FROM delivery d JOIN result r ON r.notice_id = d.notice_id
        """;

    // Answered from the partial index of pending deliveries.
    private const string CountPendingTemplate = "SELECT count(*) FROM {deliveries} WHERE state = 'pending'";

    private const string ListTemplate = """
        SELECT seq, notice_id, kind, state, queued_at, next_attempt_at, completed_at
        FROM {deliveries}
        WHERE {owner} = @owner_id AND seq > @after AND (@state::text IS NULL OR state = @state)
        ORDER BY seq
        LIMIT @limit
        """;

    private const string AttemptsTemplate = """
        SELECT notice_id, attempt, at, duration_ms, status_code, error
        FROM {attempts}
        WHERE {owner} = @owner_id AND notice_id = ANY(@notice_ids)
        ORDER BY notice_id, attempt
        """;

    private string ReadCursorSql { get; }

    private string SaveCursorSql { get; }

    private string QueueSql { get; }

    private string DueSql { get; }

    private string RecordSql { get; }

    private string CountPendingSql { get; }

    private string ListSql { get; }

    private string AttemptsSql { get; }

    private static readonly Dictionary<string, DeliveryState> States =
        Enum.GetValues<DeliveryState>().ToDictionary(s => Kebab.Name(s), StringComparer.Ordinal);

    /// <summary>
    /// The database's snapshot now: its oldest running transaction (where a new cursor starts) and the
    /// snapshot itself, whose committed notices an owner starting now skips.
    /// </summary>
    public async Task<(ulong Xmin, string Snapshot)> HorizonAsync()
    {
        await using var cmd = _db.CreateCommand(HorizonSql);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetFieldValue<ulong>(0), reader.GetString(1));
    }

    public async Task<NoticeCursor?> ReadCursorAsync(string ownerId)
    {
        await using var cmd = _db.CreateCommand(ReadCursorSql);
        cmd.Parameters.AddWithValue("owner_id", ownerId);
        await using var reader = await cmd.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new NoticeCursor(reader.GetFieldValue<ulong>(0), reader.GetInt64(1)) : null;
    }

    /// <summary>Moves the cursor forward; a cursor already further (another activation's) stays.</summary>
    public async Task SaveCursorAsync(string ownerId, NoticeCursor cursor)
    {
        await using var cmd = _db.CreateCommand(SaveCursorSql);
        cmd.Parameters.AddWithValue("owner_id", ownerId);
        cmd.Parameters.Add(Txid("after_txid", cursor.Txid));
        cmd.Parameters.AddWithValue("after_seq", cursor.Seq);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Queues, as pending deliveries due now, the next notices of <paramref name="kinds"/> after <paramref name="after"/>.</summary>
    /// <param name="startSnapshot">Notices committed in this snapshot (before the owner started) are skipped.</param>
    /// <param name="recipients">LIKE patterns of the notices' recipients to queue (<c>unit:%</c>, <c>authority</c>); <c>null</c>: all.</param>
    public async Task<QueueRound> QueueAsync(
        string ownerId, NoticeCursor after, string? startSnapshot, IReadOnlyList<string> kinds, IReadOnlyList<string>? recipients, int limit, DateTimeOffset now)
    {
        await using var cmd = _db.CreateCommand(QueueSql);
        cmd.Parameters.Add(Sql.Text("start_snapshot", startSnapshot));
        cmd.Parameters.AddWithValue("owner_id", ownerId);
        cmd.Parameters.Add(Txid("after_txid", after.Txid));
        cmd.Parameters.AddWithValue("after_seq", after.Seq);
        cmd.Parameters.Add(Sql.TextArray("kinds", kinds));
        cmd.Parameters.Add(new NpgsqlParameter("recipients", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = recipients is null ? DBNull.Value : recipients.ToArray() });
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

    public async Task<List<DueDelivery>> DueAsync(string ownerId, DateTimeOffset now, int limit)
    {
        await using var cmd = _db.CreateCommand(DueSql);
        cmd.Parameters.AddWithValue("owner_id", ownerId);
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

    public async Task RecordAsync(string ownerId, IReadOnlyList<AttemptRecord> attempts)
    {
        if (attempts.Count == 0) return;
        await using var cmd = _db.CreateCommand(RecordSql);
        cmd.Parameters.AddWithValue("owner_id", ownerId);
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

    /// <summary>The deliveries of every owner still waiting for an attempt or a retry.</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var cmd = _db.CreateCommand(CountPendingSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<Page<NoticeDeliveryView>> ListAsync(string ownerId, DeliveryQuery query)
    {
        var rows = new List<(long Seq, string NoticeId, string Kind, DeliveryState State, DateTimeOffset QueuedAt, DateTimeOffset? Next, DateTimeOffset? Completed)>();
        await using (var cmd = _db.CreateCommand(ListSql))
        {
            cmd.Parameters.AddWithValue("owner_id", ownerId);
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
        var attempts = await AttemptsAsync(ownerId, page.Select(r => r.NoticeId).ToList());
        var items = page.Select(r => new NoticeDeliveryView(r.Seq, r.NoticeId, r.Kind, r.State, r.QueuedAt, r.Next, r.Completed,
            attempts.TryGetValue(r.NoticeId, out var list) ? list : [])).ToList();
        return new Page<NoticeDeliveryView>(items, rows.Count > query.Limit ? page[^1].Seq.ToString(CultureInfo.InvariantCulture) : null);
    }

    private async Task<Dictionary<string, List<NoticeAttemptView>>> AttemptsAsync(string ownerId, IReadOnlyList<string> noticeIds)
    {
        var attempts = new Dictionary<string, List<NoticeAttemptView>>(StringComparer.Ordinal);
        if (noticeIds.Count == 0) return attempts;
        await using var cmd = _db.CreateCommand(AttemptsSql);
        cmd.Parameters.AddWithValue("owner_id", ownerId);
        cmd.Parameters.Add(Sql.TextArray("notice_ids", noticeIds));
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var noticeId = reader.GetString(0);
            if (!attempts.TryGetValue(noticeId, out var list)) attempts[noticeId] = list = [];
            list.Add(new NoticeAttemptView(reader.GetInt32(1), Sql.ReadInstant(reader, 2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return attempts;
    }

    private static NpgsqlParameter Txid(string name, ulong value) => new(name, NpgsqlDbType.Xid8) { Value = value };

    private static NpgsqlParameter NullableInstants(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.UtcDateTime).ToArray() };
}
