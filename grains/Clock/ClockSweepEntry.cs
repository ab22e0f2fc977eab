namespace Domains.Grains.Clock;

/// <summary>A move of the manual clock to <see cref="To"/>; <see cref="Reached"/> is the clock's instant once its sweep finished.</summary>
public sealed record ClockSweepEntry(string Id, string? Key, string? RequestHash, DateTimeOffset To, DateTimeOffset? Reached = null);
