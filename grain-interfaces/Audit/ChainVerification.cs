namespace Domains.GrainInterfaces.Audit;

/// <summary>
/// The result of recomputing an entity's hash chain. <see cref="BrokenAtVersion"/> names the first
/// event whose hash, link or version does not follow from the one before it.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ChainVerification")]
public sealed record ChainVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] int Events,
    [property: Id(2)] long? BrokenAtVersion,
    [property: Id(3)] string? Problem);
