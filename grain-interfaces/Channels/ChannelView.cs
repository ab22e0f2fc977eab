namespace Domains.GrainInterfaces.Channels;

/// <summary>A channel as it is shown: the robot's secret only by its presence.</summary>
[GenerateSerializer, Immutable, Alias("domains.ChannelView")]
public sealed record ChannelView(
    [property: Id(0)] string Id,
    [property: Id(1)] ChannelStatus State,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] ChannelKind Kind,
    [property: Id(6)] IReadOnlyList<string> Kinds,
    [property: Id(7)] ChannelRecipients Recipients,
    [property: Id(8)] string Language,
    [property: Id(9)] string? RobotUrl,
    [property: Id(10)] bool SecretSet);
