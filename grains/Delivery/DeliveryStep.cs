using Domains.GrainInterfaces.Delivery;

namespace Domains.Grains.Delivery;

/// <summary>What an attempt leaves a delivery in.</summary>
public readonly record struct DeliveryStep(DeliveryState State, DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt);
