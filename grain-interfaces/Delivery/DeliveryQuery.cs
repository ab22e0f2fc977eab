namespace Domains.GrainInterfaces.Delivery;

/// <summary>A page of a webhook's or channel's deliveries, oldest first: after a sequence, optionally of one state.</summary>
[GenerateSerializer, Immutable, Alias("domains.DeliveryQuery")]
public sealed record DeliveryQuery(
    [property: Id(0)] long AfterSeq,
    [property: Id(1)] int Limit,
    [property: Id(2)] DeliveryState? State = null);
