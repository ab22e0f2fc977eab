namespace Domains.Grains.Delivery;

/// <summary>
/// What a dispatcher queues: notices of <see cref="Kinds"/> to recipients matching <see cref="Recipients"/>
/// (LIKE patterns; <c>null</c>: every recipient), inserted from the owner's start on (<see cref="NoticeCursor"/>).
/// </summary>
public sealed record DispatchPlan(IReadOnlyList<string> Kinds, IReadOnlyList<string>? Recipients, ulong StartAfterTxid, string? StartSnapshot);
