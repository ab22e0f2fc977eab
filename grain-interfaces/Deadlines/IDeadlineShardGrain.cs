namespace Domains.GrainInterfaces.Deadlines;

/// <summary>
/// One of a fixed number of schedulers (key = shard number), the owner of its shard's rows in the
/// deadline index. A durable reminder wakes each one about once a minute; the grain wakes the sweep loop
/// of its shard on the silo it is active on, which calls the owner of every due row. No call waits for a
/// whole sweep.
/// </summary>
[Alias("domains.IDeadlineShardGrain")]
public interface IDeadlineShardGrain : IGrainWithIntegerKey
{
    /// <summary>Arms the shard's reminder if it is not armed yet (never resets an armed one).</summary>
    [Alias("EnsureArmed")]
    Task EnsureArmedAsync();

    /// <summary>
    /// Wakes the shard's loop to handle every row due at or before <paramref name="now"/> and returns
    /// whether it has (a whole pass through <paramref name="now"/> finished), waiting at most
    /// <paramref name="wait"/> (capped at a few seconds) for it.
    /// </summary>
    [Alias("SweepTo"), Orleans.Concurrency.AlwaysInterleave]
    Task<bool> SweepToAsync(DateTimeOffset now, TimeSpan wait);
}
