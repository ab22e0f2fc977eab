namespace Domains.GrainInterfaces.Clock;

/// <summary>
/// One move of the manual clock and the sweep of every deadline due on the way. <see cref="Now"/> is the
/// clock's instant (where the sweep has got to while it runs, the final instant once <see cref="Done"/>);
/// <see cref="DueLeft"/> counts the deadlines due by <see cref="To"/> still waiting while it runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ClockSweep")]
public sealed record ClockSweep(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] bool Done,
    [property: Id(3)] DateTimeOffset Now,
    [property: Id(4)] long? DueLeft = null);
