namespace Domains.GrainInterfaces.Audit;

/// <summary>
/// The result of recomputing an entity's hash chain. <see cref="BrokenAtVersion"/> names the first
/// event whose hash, link or version does not follow from the one before it. <see cref="Check"/> names the
/// check that failed: <c>chain</c> (the events among themselves) or <c>head</c> (the newest event against
/// the version and last hash the entity's stored state holds). <see cref="Pending"/> counts the newest
/// events that are saved with the entity's state but not yet appended to the log (its outbox delivers
/// them right after the save); they are verified from the state and count as the chain's head.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.ChainVerification")]
public sealed record ChainVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] int Events,
    [property: Id(2)] long? BrokenAtVersion,
    [property: Id(3)] string? Problem,
    [property: Id(4)] string? Check = null,
    [property: Id(5)] long? HeadVersion = null,
    [property: Id(6)] int Pending = 0)
{
    public const string ChainCheck = "chain";
    public const string HeadCheck = "head";
}
