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
    /// Without a <paramref name="ticket"/> (or with one of a loop that is gone), asks the shard's loop for a
    /// pass, begun after this call, over every row due at or before <paramref name="now"/>; with one, follows
    /// that pass. Waits at most <paramref name="wait"/> (capped at a few seconds) for it to finish and returns
    /// the ticket to follow it with.
    /// </summary>
    [Alias("SweepTo"), Orleans.Concurrency.AlwaysInterleave]
    Task<DeadlineSweepTicket> SweepToAsync(DateTimeOffset now, DeadlineSweepTicket? ticket, TimeSpan wait);
}
