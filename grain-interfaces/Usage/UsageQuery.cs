namespace Domains.GrainInterfaces.Usage;

/// <summary>A page of a workspace's usage log: <c>from ≤ at &lt; to</c>, one kind, after the cursor (a record's seq).</summary>
[GenerateSerializer, Immutable, Alias("domains.UsageQuery")]
public sealed record UsageQuery(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] UsageKind? Kind,
    [property: Id(3)] long After,
    [property: Id(4)] int Limit);
