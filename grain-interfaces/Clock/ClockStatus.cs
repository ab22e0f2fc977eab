namespace Domains.GrainInterfaces.Clock;

[GenerateSerializer, Immutable, Alias("domains.ClockStatus")]
public sealed record ClockStatus([property: Id(0)] DateTimeOffset Now, [property: Id(1)] bool Manual);
