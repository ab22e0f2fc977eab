namespace Domains.GrainInterfaces.Usage;

/// <summary>
/// One connection, disconnection or statement of a workspace's login on its data server, as the data
/// server logged it: <paramref name="At"/> is the data server's instant, <paramref name="Session"/> its
/// session id, <paramref name="Datasets"/> the authorized datasets whose views the statement names.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.UsageRecordView")]
public sealed record UsageRecordView(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Session,
    [property: Id(3)] UsageKind Kind,
    [property: Id(4)] string? Statement,
    [property: Id(5)] IReadOnlyList<string> Datasets);
