namespace Domains.Grains.Delivery;

/// <summary>What one round of queueing did: the cursor to go on from, and whether a full batch suggests more.</summary>
public readonly record struct QueueRound(NoticeCursor Next, int Queued, bool More);
