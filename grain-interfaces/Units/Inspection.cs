namespace Domains.GrainInterfaces.Units;

/// <summary>R14: a supervisor's inspection of a unit's business, systems, data use and security capability.</summary>
[GenerateSerializer, Immutable, Alias("domains.Inspection")]
public sealed record Inspection(
    [property: Id(0)] string Id,
    [property: Id(1)] string Scope,
    [property: Id(2)] string Findings,
    [property: Id(3)] bool Breach,
    [property: Id(4)] string? AuthorizationId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string Inspector);
