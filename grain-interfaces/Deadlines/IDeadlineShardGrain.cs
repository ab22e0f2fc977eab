namespace Domains.GrainInterfaces.Deadlines;

/// <summary>
/// One of a fixed number of schedulers (key = shard number). A durable reminder wakes each one about
/// once a minute; it calls the owner of every due row of its shard in the deadline index.
/// </summary>
[Alias("domains.IDeadlineShardGrain")]
public interface IDeadlineShardGrain : IGrainWithIntegerKey
{
    /// <summary>Arms the shard's reminder if it is not armed yet (never resets an armed one).</summary>
    [Alias("EnsureArmed")]
    Task EnsureArmedAsync();

    /// <summary>Handles every row of the shard due at or before <paramref name="now"/>; returns how many owners were called.</summary>
    [Alias("Sweep")]
    Task<int> SweepAsync(DateTimeOffset now);
}
