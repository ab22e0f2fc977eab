namespace Domains.Grains.Deadlines;

/// <summary>Deadline kinds of the machinery itself, not of DOMAIN.md §4: kept out of the deadline calendar.</summary>
public static class InternalDeadlines
{
    /// <summary>Brings an idle grain back to retry calls that failed after its save.</summary>
    public const string OutboxRetry = "outbox-retry";
}
