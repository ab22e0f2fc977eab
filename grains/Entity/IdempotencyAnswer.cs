namespace Domains.Grains.Entity;

/// <summary>
/// One remembered answer as <c>idempotency_answers</c> holds it (migration 0140): the entity's
/// <paramref name="Slot"/> (the newest answer replaces the one a capacity earlier), who asked, the key,
/// the request's hash and the answer itself, an <see cref="IdempotencyEntry{TView}"/> in stored-state JSON.
/// </summary>
public sealed record IdempotencyAnswer(short Slot, string Caller, string Key, string RequestHash, byte[] Answer);

/// <summary>A stored answer found for a key: who asked, the request's hash and the answer's JSON.</summary>
public sealed record StoredAnswer(string Caller, string RequestHash, byte[] Answer);

/// <summary>The bounds of what an entity remembers of its answers.</summary>
public static class IdempotencyLimits
{
    /// <summary>
    /// How many answers to <c>Idempotency-Key</c>s an entity keeps (the newest, one row each in
    /// <c>idempotency_answers</c>). Counted, not timed by the business clock: that clock can jump (manual
    /// mode), and a retry must not find its key expired by a jump; the table's own retention is wall-clock time.
    /// </summary>
    public const int Capacity = 100;

    /// <summary>
    /// The bytes one remembered answer may hold. Each answer holds the whole entity; a larger one keeps only its
    /// key, hash and outcome (<see cref="IdempotencyEntry{TView}.Compacted"/>), so 100 answers of a large entity
    /// are never 100 copies of it.
    /// </summary>
    public const int AnswerSizeLimit = 64 * 1024;
}
