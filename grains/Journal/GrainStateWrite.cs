namespace Domains.Grains.Journal;

/// <summary>
/// One grain state row to write in <c>OrleansStorage</c> (the row key of <c>sql/orleans/0003_persistence.sql</c>),
/// only if its stored version is still <see cref="ExpectedVersion"/> (<c>null</c>: no row yet). A
/// <c>null</c> <see cref="Payload"/> clears the state and keeps the row.
/// </summary>
public sealed record GrainStateWrite(
    string ServiceId,
    string StateName,
    long N0,
    long N1,
    string? Extension,
    int? ExpectedVersion,
    byte[]? Payload)
{
    /// <summary>The version the row has once this write is committed (versions wrap as the table's do).</summary>
    public int NewVersion => ExpectedVersion is { } v ? (v >= int.MaxValue ? 1 : v + 1) : 1;
}
