namespace Domains.Grains.Entity;

/// <summary>
/// A call to another grain that a transition requires, recorded in the state and made only after the
/// state is saved (decide, save, then act). It stays in the state until it succeeds, so a crash or a
/// failed call is retried; receivers treat a repeat as a no-op. <paramref name="AfterAnswer"/>: made once
/// the command has answered (a timer of the grain right after it), it and the calls queued behind it, so
/// the caller does not wait for consequences that need not precede the answer; still saved first.
/// </summary>
public sealed record Effect(string Kind, string? Target = null, string? Argument = null, bool AfterAnswer = false);
