namespace Domains.Grains.Entity;

/// <summary>
/// A call to another grain that a transition requires, recorded in the state and made only after the
/// state is saved (decide, save, then act). It stays in the state until it succeeds, so a crash or a
/// failed call is retried; receivers treat a repeat as a no-op.
/// </summary>
public sealed record Effect(string Kind, string? Target = null, string? Argument = null);
