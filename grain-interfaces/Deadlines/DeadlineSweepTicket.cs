namespace Domains.GrainInterfaces.Deadlines;

/// <summary>
/// A pass of one shard's sweep loop asked for: the loop (one per activation of the shard, so a ticket of a
/// loop that is gone asks anew) and its pass number; <see cref="Done"/> once that pass has finished.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.DeadlineSweepTicket")]
public sealed record DeadlineSweepTicket(
    [property: Id(0)] Guid Loop,
    [property: Id(1)] long Pass,
    [property: Id(2)] bool Done);
