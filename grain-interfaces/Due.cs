namespace Domains.GrainInterfaces;

/// <summary>
/// A deadline given either as an instant or as a duration from the business clock's now (which only
/// the grains know); neither means the rule's default.
/// </summary>
[GenerateSerializer, Immutable, Alias("domains.Due")]
public sealed record Due([property: Id(0)] DateTimeOffset? At = null, [property: Id(1)] IsoDuration? After = null)
{
    public DateTimeOffset Resolve(DateTimeOffset now, TimeSpan defaultPeriod) =>
        At ?? After?.AddTo(now) ?? now + defaultPeriod;
}
